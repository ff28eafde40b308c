/** The picocli commands: parsing, validation and printing; the work lives in the other packages. */
package lazyartist.cli;
