/** Where a model looks: the Grad-CAM family and gradient attributions on autograd, the shortcut score, faithfulness. */
package lazyartist.explain;
