# Writes optimiser_step.pt, the TorchScript functions behind lazyartist.model.Optimiser: one update of
# every parameter in a single call, with PyTorch's multi-tensor Adam and SGD (torch.optim's foreach
# implementations). Called from Java op by op, a small network's update was a tenth of its training step.
# Regenerate with: python3 optimiser_step.py (any PyTorch >= 1.13).
from typing import List

import torch


class OptimiserStep(torch.nn.Module):
    def forward(self, params: List[torch.Tensor], exp_avgs: List[torch.Tensor], exp_avg_sqs: List[torch.Tensor],
                step_size: float, bias_correction2_sqrt: float, beta1: float, beta2: float, eps: float,
                weight_decay: float) -> None:
        """Adam; step_size is lr / (1 - beta1^t)."""
        with torch.no_grad():
            grads = self.gradients(params, weight_decay)
            torch._foreach_mul_(exp_avgs, beta1)
            torch._foreach_add_(exp_avgs, grads, alpha=1 - beta1)
            torch._foreach_mul_(exp_avg_sqs, beta2)
            torch._foreach_addcmul_(exp_avg_sqs, grads, grads, 1 - beta2)
            denominators = torch._foreach_sqrt(exp_avg_sqs)
            torch._foreach_div_(denominators, bias_correction2_sqrt)
            torch._foreach_add_(denominators, eps)
            torch._foreach_addcdiv_(params, exp_avgs, denominators, -step_size)

    @torch.jit.export
    def sgd(self, params: List[torch.Tensor], buffers: List[torch.Tensor], lr: float, momentum: float,
            weight_decay: float) -> None:
        """SGD with momentum (buffers start at zero, so the first step's buffer is the gradient)."""
        with torch.no_grad():
            grads = self.gradients(params, weight_decay)
            torch._foreach_mul_(buffers, momentum)
            torch._foreach_add_(buffers, grads)
            torch._foreach_add_(params, buffers, alpha=-lr)

    def gradients(self, params: List[torch.Tensor], weight_decay: float) -> List[torch.Tensor]:
        """Every parameter's gradient (each must have one), plus L2 weight decay."""
        grads: List[torch.Tensor] = []
        for p in params:
            g = p.grad
            assert g is not None
            grads.append(g)
        if weight_decay != 0.0:
            grads = torch._foreach_add(grads, params, alpha=weight_decay)
        return grads


torch.jit.script(OptimiserStep()).save("optimiser_step.pt")
