"""Invented words the sample export is built from: names, companies, titles and message text.

Every name, company and sentence here is made up for netbook. Any resemblance to a real person or
organisation is accidental. The lists deliberately include the awkward cases real exports contain:
non-ASCII and CJK names, companies with commas, titles with ``|`` and commas, multi-line text,
double quotes and HTML.
"""

from __future__ import annotations

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

FIRST_NAMES = (
    "Ada", "Zoë", "José", "Łukasz", "Søren", "Chloé", "Björn", "Ayşe", "Mateo", "Priya", "Kwame",
    "Ingrid", "Tomás", "Aiko", "Noor", "Oluwaseun", "Grace", "Linnea", "Rafael", "Mei", "Dmitri",
    "Amara", "Felix", "Hana", "Idris", "Jonas", "Kalani", "Leilani", "Marek", "Nadia", "Otto",
    "Paloma", "Quentin", "Rosa", "Sanjay", "Thandiwe", "Ulla", "Vikram", "Wren", "Xiomara",
    "Yusuf", "Zainab", "Anouk", "Bram", "Céline", "Darius", "Elif", "Farah", "Gustav", "Hugo",
    "Imke", "Joaquín", "Katja", "Lars", "Maëlle", "Niamh", "Orla", "Piotr", "Renée", "Siobhán",
    "Tariq", "Uma", "Valentina", "Wojciech", "Yara", "伟", "静", "Émile", "Nuño", "Agnieszka",
    "Robin", "Sam", "Alex", "Jordan", "Casey", "Morgan", "Riley", "Avery", "Quinn", "Harper",
)  # fmt: skip

LAST_NAMES = (
    "Example", "Sample", "Placeholder", "Quillfeather", "Brightwater", "Varnholt", "Mirefield",
    "Ostrander", "Bellweather", "Castellanos-Vey", "Dunmore", "Ellingsworth", "Fairbrook",
    "Grimsby-Tate", "Halloway", "Ironwood", "Juniper", "Kettleby", "Larkspur", "Marchetti-Ono",
    "Nettleford", "Oakhurst", "Pemberton-Sky", "Quarrington", "Rookwood", "Silverbeck",
    "Thistlewood", "Underhill", "Vantongeren", "Whitlock", "Yarborough", "Zellweger-Lumen",
    "Åkerlund-Test", "Müllerwald", "Øvrebø", "Nguyễn-Demo", "Dąbrowska", "Ibáñez-Prueba",
    "Çelikkaya", "Kowalczyk-Probe", "O'Fictional", "van der Sample", "de la Muestra", "王", "李",
    "陈", "Tanaka-Rei", "Okonkwo-Faux", "Haddad-Lorem", "Srinivasan-Ipsum", "Moreau-Essai",
)  # fmt: skip

CREDENTIALS = (", PhD", ", MBA", ", PMP, CSM", ", CPA", ", MPA, CPS", ", PE", ", MSc")
NAME_EMOJI = ("✅", "🚀", "🌱", "☕", "🎯")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example")

COMPANIES = (
    "Analytical Engines, Ltd.", "Brightwater Labs, Inc.", "Copperleaf Analytics",
    "Quietfield Systems",
    "Lumen & Loom", "Orbital Teacups, LLC", "Northwind Example Co.", "Paperlantern Health",
    "Driftwood Robotics", "Saltmarsh Capital, L.P.", "Kettle & Key Studio", "Glasshouse Data",
    "Ferncastle University", "Tidewater Logistics, S.A.", "Mossgrove Energy", "Pinecone Payments",
    "Starling Civic Tech", "Hollowbrook Games", "Ridgeline Insurance, Inc.", "Cobalt Orchard",
    "Wanderpost Media", "Seven Lanterns Consulting", "Emberline Foods", "Harborlight Bank",
    "Fjordwise AB", "Ciudad Ejemplo S.L.", "Bureau Fictief B.V.", "Sternwarte Beispiel GmbH",
    "Kumo Sample K.K.", "Self-employed", "Freelance",
)  # fmt: skip
SPONSORS = ("Cloudmere Platform", "Ledgerly Finance, Inc.", "Brightpath Online Academy")

SENIORITY = ("", "", "", "Senior ", "Lead ", "Principal ", "Junior ", "Staff ", "Associate ")
ROLES = (
    "Software Engineer", "Data Engineer", "Product Manager", "Data Scientist", "UX Designer",
    "Account Executive", "Marketing Manager", "DevOps Engineer", "Research Scientist",
    "Business Analyst", "Engineering Manager", "Customer Success Manager", "Solutions Architect",
    "Technical Writer", "Financial Analyst", "Operations Manager", "Security Engineer",
)  # fmt: skip
TITLES = (
    "Head of Content, EMEA", "VP, Engineering", "Chief Technology Officer", "Founder | Advisor",
    "Co-founder & CEO", "Director of Data | Analytics | ML", "Intern",
    "Student at Ferncastle University",
    "Data Engineer | Python | dbt | Cloud", "Recruiter | Tech Talent | Remote-first",
    "Helping teams ship faster | Speaker | Mentor", "Head of People, North America",
)  # fmt: skip

PLAIN = (
    "Thanks for connecting!", "Great to meet you yesterday.", "Coffee next week?",
    "Thanks, see you Tuesday", "Sounds good, talk soon.", "Congrats on the new role!",
    "Happy to help — send me the details.", "Could you share the slides from the talk?",
    "Sorry for the slow reply, it has been a busy week.",
    "Let me check my calendar and get back to you.",
    "Yes, Thursday at 3pm works for me.", "I'll forward this to my team.",
    "Thanks a lot, really appreciated!",
    "Are you going to the meetup on Friday?", "Here is the link we talked about.",
    "Quick question about the data pipeline: do you use batch or streaming?",
    "Would you be open to a short call about the project?", "No worries at all.",
    "Happy birthday! Hope you have a great day.", "Congrats on the work anniversary!",
    "Hi,\nthanks for the intro.\nLet's find a time next week.",
    "Agenda:\n1. Timeline\n2. Budget, roughly\n3. Next steps",
    "Thanks for the feedback.\n\nI updated the doc, let me know if anything is missing.",
    "On my way, 5 minutes late, sorry!", "Absolutely, count me in.",
    "Do you know anyone hiring for data roles in Lisbon, Porto or remote?",
    "Could you introduce me to someone on the platform team?",
    "Good luck with the launch, rooting for you!", "Interesting, tell me more.",
    "Let's keep in touch.", "I just sent you the invite.", "Perfect, thank you!",
    "That's a fair point, I hadn't thought of it that way.",
    "Voilà, the notes from today's session.", "Merci beaucoup, à bientôt !",
    "¡Gracias! Nos vemos el martes.", "Danke, bis bald.", "谢谢，下周见。",
    "Long time no see — how have you been?",
)  # fmt: skip
QUOTED = (
    'I read your post about "boring technology" and loved it.',
    'She said "ship it" and we did, so fingers crossed.',
    'We called it the "Friday fix", it stuck around for years, sorry.',
    'Re: the offsite, rooms are booked, dinner is at 7, dress code is "whatever".',
)
"""Plain messages with double quotes inside (about 1 % of messages)."""
EMOJI_ONLY = ("👍", "🙏", "😂", "🎉", "👍👍", "❤️", "🙌", "😊")
HTML = (
    "<p>Hi there,</p><p>Thanks&nbsp;for the quick reply!</p>",
    "<p>Notes from today:</p><ul><li>Timeline</li><li>Budget &amp; scope</li></ul>",
    "<p>Looking forward to it.<br>Best,</p>",
    "<p><strong>Reminder:</strong> call moved to Friday&nbsp;10am.</p>",
)
SPONSORED = (
    '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p><p>Teams like yours cut '
    "reporting time in half with our platform.&nbsp;Book a demo?</p>",
    "<p>Hi %FIRSTNAME%,</p><p>You're invited to our free webinar on cloud costs &amp; FinOps.</p>",
    "<p>Dear %FIRSTNAME%,</p><p>Earn a certificate in 6 weeks.<br>Enrolment closes Friday.</p>",
)
SPONSORED_SUBJECTS = ("Your invitation: cloud cost webinar", "Quick question, %FIRSTNAME%")
RECRUITER_SUBJECTS = (
    "Opportunity: Senior Data Engineer, remote", "Exciting role at a fast-growing startup",
    "Your profile caught my eye", "Principal Engineer | Hybrid | Competitive package",
)  # fmt: skip
RECRUITER = (
    "Hi, I came across your profile and think you'd be a great fit for a role we're hiring for. "
    "Open to a quick chat?",
    "Hello!\nI'm working on a confidential search for a client.\nWould you be interested?",
)
SPAM = (
    "Congratulations!!! You have been selected. Claim your reward at https://example.net/win",
    'Earn $5,000 a week from home, no experience needed. Reply "YES" for details.',
    "Dear friend, I have a business proposal for you. Kindly reply urgently.",
)
GROUP_TITLES = ("Project Z", "Offsite 2025 planning", "Book club 📚", "Alumni, class of 2015")

COACH_QUESTIONS = (
    "How should I prepare for a system design interview?",
    "Can you help me rewrite my headline?",
    "What skills are in demand for data engineers?",
)
COACH_ANSWERS = (
    "Here are a few steps to prepare:\n1. Review the fundamentals\n2. Practise out loud\n"
    "3. Ask clarifying questions first",
    "A strong headline says what you do, for whom, and the result. For example: "
    '"Data Engineer | Reliable pipelines for analytics teams".',
    "Based on recent job posts, common skills include SQL, Python, orchestration and cloud "
    "warehouses.",
)
INVITE_NOTES = (
    "Hi {first}, great talk today!", "Hi {first}, we met at the meetup, let's stay in touch.",
    "Hello {first}, I enjoyed your article on data quality, would love to connect.",
    "Hi {first}! Fellow Ferncastle alum here, happy to connect.",
)  # fmt: skip
RECOMMENDATIONS = (
    "I had the pleasure of working with {first} for two years. {first} is thoughtful, reliable and "
    "generous with their time, and the team shipped better work because of it.",
    "{first} led our migration project with calm, clarity and humour. Highly recommended, for any "
    "team, in any industry.",
    "Working with {first} was a joy: sharp questions, clean code, and always the first to help a "
    "colleague. I would hire {first} again in a heartbeat.",
    '{first} mentored me when I joined, explained the "why" behind every decision, and made the '
    "whole team better.",
)

SKILLS = (
    "Python", "SQL", "Data Engineering", "Machine Learning", "Product Management", "Leadership",
    "Public Speaking", "Data Visualization", "Cloud Computing", "Project Management",
    "Agile Methodologies",
    "Stakeholder Management", "Statistics", "Technical Writing", "Mentoring", "ETL", "Apache Spark",
    "dbt", "Communication", "Team Building",
)  # fmt: skip
INDUSTRIES = (
    "Software Development",
    "Financial Services",
    "Higher Education",
    "IT Services and IT Consulting",
)
LOCATIONS = (
    "Porto, Portugal", "Lisbon, Portugal", "Berlin, Germany", "Remote", "Toronto, Ontario, Canada",
)  # fmt: skip
HEADLINE_TAGS = ("Data & Analytics", "Building reliable pipelines", "Coffee enthusiast", "Mentor")
SUMMARY = (
    "I build data products that people actually use. Over the last decade I have worked across "
    "start-ups, scale-ups and one very large bank, mostly on analytics platforms, data quality and "
    "team building. Outside work: trail running, bread, and too many side projects."
)
JOB_DESCRIPTIONS = (
    "Lead a team of six engineers building the analytics platform, from ingestion to dashboards. "
    "Cut pipeline costs by 40%, introduced data contracts, and mentored two new managers.",
    "Designed and shipped the event tracking system, including schema reviews, backfills and "
    "alerting. Partnered with product, finance and legal on reporting.",
    'Built ETL jobs in Python and SQL, maintained the warehouse, and answered "quick questions" '
    "from every department, all of them urgent.",
    "Internship: data cleaning, exploratory analysis, and a lot of spreadsheets.",
)
LEARNING = (
    ("SQL for Data Analysis", "<p>Master SQL <b>queries</b> and joins.</p>", "Course"),
    ("Leading Without Authority", "Influence, trust and feedback, in practice.", "Course"),
    ("Python: Working with CSV Files", "Read, clean, and write CSV files, safely.", "Video"),
)  # fmt: skip

MEETUPS = (
    "Northwind Data Meetup #{n}", "Cloud Native Night #{n}", "Python & Pretzels #{n}",
    "Analytics Engineers Meetup #{n}", "Product Craft Evening", "Data Drinks, {month} edition",
)  # fmt: skip
"""Evening events of Events.csv (``{n}`` a number, ``{month}`` the month's name)."""
CONFERENCES = (
    "Ferncastle AI Summit {year}", "Harborlight Data Conference {year}",
    "Open Orchard Conf {year}", "Lumen & Loom Design Days, {year}",
)  # fmt: skip
"""Two-day events of Events.csv (``{year}`` the year)."""
WEBINARS = (
    "Webinar: Shipping analytics faster", "Ask me anything: moving into management",
    'Live: "Data contracts" in practice', "Webinar: Building trust with stakeholders",
)  # fmt: skip
"""Lunchtime online events of Events.csv."""
