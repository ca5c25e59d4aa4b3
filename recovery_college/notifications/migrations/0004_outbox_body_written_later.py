"""Bodies written by the worker: a message may say what to write (kind, object id) instead
of carrying its text, so the request that queues it renders nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_outbox_retry_and_lease'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='kind',
            field=models.CharField(blank=True, help_text='A body written when the message is sent: the name of the function that writes it (see services.body_writer_register), given `object_id`.', max_length=60),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='object_id',
            field=models.BigIntegerField(blank=True, help_text='What `kind` writes the body from (e.g. an enrolment).', null=True),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='body',
            field=models.TextField(blank=True),
        ),
    ]
