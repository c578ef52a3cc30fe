"""gunicorn settings for production: no client address in any log line."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
wsgi_app = "lune_site.wsgi:application"
accesslog = "-"
# Time, request line, status, size, duration: never %(h)s (the client address) nor the referer.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
