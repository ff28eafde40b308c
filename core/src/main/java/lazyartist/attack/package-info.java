/**
 * Targeted adversarial attacks under an L∞ budget in pixel space: FGSM, PGD, DeepFool, universal
 * perturbations and the minimal-ε search.
 */
package lazyartist.attack;
