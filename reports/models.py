from .imports.models import ImportAccount, ImportBatch, ImportRow

__all__ = ["ImportAccount", "ImportBatch", "ImportRow"]
