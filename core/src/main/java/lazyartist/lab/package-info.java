/**
 * The browser lab: one local page and a JSON API over a study's models, to paint a digit, read every
 * model, see where one looks, fool it, dream with it and switch its decomposed features off.
 */
package lazyartist.lab;
