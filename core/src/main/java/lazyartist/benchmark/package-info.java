/**
 * The literature's Colored-MNIST benchmark: Learning from Failure's protocol (data, MLP, recipe,
 * group-averaged metric), run for methods × conflicting shares × seeds, resumable, into a table laid
 * out like the papers'.
 */
package lazyartist.benchmark;
