"""CléA — certificat de connaissances et de compétences professionnelles (plugin)."""
