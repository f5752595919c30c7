"""CléA numérique — usages fondamentaux du numérique en environnement de travail (plugin)."""
