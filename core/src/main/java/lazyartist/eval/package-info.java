/** Accuracy on easy and hard splits, aligned vs conflicting samples, confusion and colour-prediction matrices. */
package lazyartist.eval;
