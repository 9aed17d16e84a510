from tests.media.s3_support import s3_server  # noqa: F401  (the S3-compatible server fixture)
