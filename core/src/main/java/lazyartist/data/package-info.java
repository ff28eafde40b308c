/** MNIST reading and fetching, the Colored-MNIST generator, dataset files and the batch feeder. */
package lazyartist.data;
