"""Exporters: drafts where the candidate uses them. They take a plan (or a draft) and
never re-render it.

- :mod:`~followup.export.mail`: each draft as an unsent, checked e-mail message, in its
  conversation;
- :mod:`~followup.export.mailbox`: a whole plan as an mbox file or into a Maildir;
- :mod:`~followup.export.calendar`: reminders as an iCalendar document, worded by
  :mod:`~followup.export.reminders` for the candidate;
- :mod:`~followup.export.printing`: each thank-you note and its inserts as pages to print;
- :mod:`~followup.export.files`: all of these as files in a folder, never clobbering edits.
"""

from followup.export.calendar import to_ics
from followup.export.files import Conflict, Outcome, WriteReport, write_plan
from followup.export.mail import MailOptions, Sender, Thread, messages, thread, to_email
from followup.export.mailbox import write_maildir, write_mbox
from followup.export.printing import PrintPage, print_pages

__all__ = [
    "Conflict",
    "MailOptions",
    "Outcome",
    "PrintPage",
    "Sender",
    "Thread",
    "WriteReport",
    "messages",
    "print_pages",
    "thread",
    "to_email",
    "to_ics",
    "write_maildir",
    "write_mbox",
    "write_plan",
]
