/** Figures (PNG) and the HTML report. */
package lazyartist.report;
