/**
 * The sweep: a grid of debiasing runs as Apache Spark tasks, each run a {@code lazy-artist debias}
 * in a JVM of its own, results published folder by folder and gathered into one table. Depends on
 * the core; nothing in the core depends on it.
 */
package lazyartist.sweep;
