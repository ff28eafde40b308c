/** What the neurons see: top-activating examples with colour and digit purity, activation maximisation, filters. */
package lazyartist.probe;
