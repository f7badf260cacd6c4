"""The local dev server of `make serve`: embedded S3, reload, preview page, access log.

Only `python -m handler serve` imports this package; the Lambda never does, and
scripts/package_lambda.sh leaves it out of the zip.
"""
