"""Error reports that carry no personal data: no address, no cookie, no form content."""

from django.views.debug import SafeExceptionReporterFilter

PRIVATE_META = (
    "REMOTE_ADDR",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_COOKIE",
    "HTTP_REFERER",
    "HTTP_USER_AGENT",
    "HTTP_AUTHORIZATION",
)


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: self.cleansed_substitute if key in PRIVATE_META else value
            for key, value in meta.items()
        }

    def get_post_parameters(self, request):
        # What visitors type (contributions, reports, night logs) never goes into a report.
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_cookies(self, request):
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables may hold a log's text or a visitor's query: never show them.
        return [(name, self.cleansed_substitute) for name, _value in tb_frame.f_locals.items()]
