/** The end-to-end study: its configuration, its stages, and the ledger that lets a rerun skip finished work. */
package lazyartist.study;
