"""Chat exports as sources: WhatsApp, Telegram, Slack and Messenger share :mod:`._common`."""
