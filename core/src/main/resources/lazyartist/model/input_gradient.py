# Writes input_gradient.pt, the TorchScript function behind lazyartist.model.Gradients.withGraph:
# torch.autograd.grad with create_graph, which DJL does not expose. Unlike backward(create_graph=True)
# it stores nothing in any .grad, so no gradient holds its own graph (a cycle PyTorch never frees).
# Regenerate with: python3 input_gradient.py (any PyTorch >= 1.13).
import torch


class InputGradient(torch.nn.Module):
    def forward(self, output: torch.Tensor, input: torch.Tensor) -> torch.Tensor:
        grads = torch.autograd.grad([output], [input], create_graph=True)
        g = grads[0]
        assert g is not None
        return g


torch.jit.script(InputGradient()).save("input_gradient.pt")
