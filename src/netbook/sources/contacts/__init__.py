"""Address-book sources: Google Contacts CSV, Outlook CSV, LinkedIn's imported contacts, vCard.

Each format has a small reader that turns a file into *raw records* (one row per contact, values as
written); :mod:`netbook.sources.contacts._records` normalises them the same way for every format and
hands them to :func:`netbook.sources.records.people_of` (birthdays are read by
:mod:`netbook.sources.contacts._birthdays`). The three CSV formats share
:mod:`netbook.sources.contacts._csv`; vCard's line handling is in
:mod:`netbook.sources.contacts._vcard_lines`.

The sources are plugins (entry points of the ``netbook.sources`` group):

- ``google``: :class:`netbook.sources.contacts.google.GoogleContactsSource`
- ``outlook``: :class:`netbook.sources.contacts.outlook.OutlookContactsSource`
- ``linkedin-contacts``: :class:`netbook.sources.contacts.imported.LinkedInImportedContactsSource`
- ``vcard``: :class:`netbook.sources.contacts.vcard.VCardSource`
"""

from __future__ import annotations
