/**
 * The services, one per task (evaluate, probe, explain, attack, decompose): each loads a stored
 * model and its data, runs one analysis and writes its files with their provenance. The commands
 * and the study both call them.
 */
package lazyartist.task;
