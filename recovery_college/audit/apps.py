from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "recovery_college.audit"
    label = "audit"
    verbose_name = "Audit log"
