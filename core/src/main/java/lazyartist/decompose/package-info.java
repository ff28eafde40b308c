/**
 * The decomposition: sparse autoencoders trained on a stage's activations, their features labelled
 * colour or shape, and interventions that switch features off or on inside the network.
 */
package lazyartist.decompose;
