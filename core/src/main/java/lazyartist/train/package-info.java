/** The training loop, its optimisers, pluggable objectives and checkpoints. */
package lazyartist.train;
