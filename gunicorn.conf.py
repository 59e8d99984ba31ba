# Access log without the client address (%(h)s): survey members' IPs are never written to disk.
accesslog = "-"
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'
bind = "127.0.0.1:8000"
workers = 2
timeout = 60
