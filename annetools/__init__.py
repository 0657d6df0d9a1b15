"""Host tools for AI-ANNE (CPython only): the commands of `python -m anne` besides `predict`."""
