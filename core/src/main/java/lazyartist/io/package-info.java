/** File plumbing every package shares: atomic writes, NumPy files, hashes, JSON manifests. */
package lazyartist.io;
