/** Targeted adversarial attacks under an L∞ budget in pixel space: FGSM and PGD. */
package lazyartist.attack;
