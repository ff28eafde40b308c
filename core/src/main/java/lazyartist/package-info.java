/** Lazy Artist: a JVM lab for shortcut learning and interpretability on Colored-MNIST. */
package lazyartist;
