/** Architectures, the tapped network every analysis shares, and the model store (save, load, export). */
package lazyartist.model;
