"""The demo college's course texts: sessions, titles and summaries."""

P, R, S = "peer", "practitioner", "shared"

SESSION_BANK = [
    [
        (
            "What is going on for us?",
            25,
            P,
            "The Peer Trainer shares what {topic} has meant in their own life; the group "
            "names what it can feel like.",
            "Body-map handout",
        ),
        (
            "Making sense of {topic}",
            30,
            R,
            "What is known about {topic}, in everyday words, and what often helps.",
            "Slides 1–8",
        ),
        ("Break", 10, S, "", ""),
        (
            "Small things that help",
            30,
            S,
            "Pairs share and try small, practical ideas; everyone picks one thing to try "
            "this week.",
            "Idea cards",
        ),
        ("Closing round", 10, S, "One word each about how we are leaving.", ""),
    ],
    [
        ("Check-in", 15, S, "How did the week go with the thing we tried?", ""),
        (
            "Thoughts and worries",
            35,
            R,
            "Noticing worry thoughts and testing them gently.",
            "Thought-diary sheet",
        ),
        (
            "Living with it: my story",
            25,
            P,
            "A personal account of what recovery looked like, setbacks included.",
            "",
        ),
        (
            "Planning ahead",
            25,
            S,
            "Everyone writes a short plan for a hard moment.",
            "Plan template",
        ),
    ],
    [
        ("Check-in", 15, S, "", ""),
        (
            "Where to find support",
            30,
            R,
            "Local services, helplines and how to use them.",
            "Leaflets",
        ),
        ("What helped me", 30, P, "Peer tips from the group and the trainer.", ""),
        (
            "Goals and goodbyes",
            25,
            S,
            "Each person names a learning goal for the next month.",
            "Feedback forms",
        ),
    ],
]

COURSES = [
    # (peer, practitioner, title, topic, sessions, state, signed_by)
    (
        "Aisha Rahman",
        "Dr Helen Carter",
        "Living well with anxiety",
        "Living with anxiety",
        3,
        "agreed",
        "both",
    ),
    (
        "Aisha Rahman",
        "Dr Helen Carter",
        "Sleep and wellbeing",
        "Sleep and wellbeing",
        2,
        "draft",
        "peer",
    ),
    (
        "Bethan Morgan",
        "Funmi Okafor",
        "Understanding depression",
        "Understanding depression",
        2,
        "published",
        "both",
    ),
    (
        "Priya Nair",
        "Claire Donnelly",
        "Writing your recovery plan",
        "Wellness and recovery action planning",
        4,
        "draft",
        None,
    ),
    (
        "Marcus Ellison",
        "Dr Rajesh Patel",
        "Understanding state benefits",
        "Understanding state benefits",
        2,
        "archived",
        "both",
    ),
]
TEMPLATE = ("Recovery and hope", "Recovery and hope", 2)

# More published courses, so the demo prospectus looks like a real term's.
PROSPECTUS = [
    ("Understanding psychosis", "Understanding psychosis", 3),
    ("Managing stress at work and home", "Managing stress", 2),
    ("Hearing voices: making sense of experiences", "Hearing voices", 2),
    ("Building confidence", "Building confidence", 4),
    ("Benefits made simpler", "Understanding state benefits", 1),
    ("Recovery and hope", "Recovery and hope", 1),
    ("Living with low mood", "Understanding depression", 3),
    ("Calmer nights: sleep and rest", "Sleep and wellbeing", 2),
    ("Your wellness plan", "Wellness and recovery action planning", 3),
    ("Anxiety: first steps", "Living with anxiety", 1),
    ("Carers: looking after yourself too", "Managing stress", 2),
    ("Mindful moments", "Managing stress", 1),
    ("Understanding medication choices", "Recovery and hope", 1),
    ("Confidence with everyday conversations", "Building confidence", 2),
    ("Families and mental health", "Recovery and hope", 2),
    ("Getting back to work or study", "Building confidence", 3),
    ("Sleep for shift workers", "Sleep and wellbeing", 1),
    ("Creative writing for wellbeing", "Recovery and hope", 4),
    ("Peer support: what it is and how to find it", "Recovery and hope", 1),
    ("Understanding self-compassion", "Understanding depression", 2),
]
PROSPECTUS_PAIRS = [
    ("Aisha Rahman", "Dr Helen Carter"),
    ("Bethan Morgan", "Funmi Okafor"),
    ("Priya Nair", "Claire Donnelly"),
]


OPENINGS = [
    "Come and explore {topic} with others who want to learn about it too.",
    "A relaxed look at {topic}: what it is, what helps, and where to find support.",
    "Find out more about {topic} in a small, friendly group.",
    "Learn practical ideas about {topic} from people who have been there and people "
    "who work in services.",
]

ACCESS_NEEDS = [
    "I use a wheelchair, so a space at a table without a chair would help.",
    "I may need to step out for short breaks.",
    "Large-print handouts, please.",
    "I would like to sit near the door.",
    "",
    "",
    "",
]
GOALS = [
    ("To feel more confident talking about how I am.", True),
    ("To find one or two things I can try when I cannot sleep.", False),
    ("To understand what my son is going through.", True),
    ("", False),
    ("", False),
]
FEEDBACK = [
    (5, "Hearing from both trainers, and their own experience.", "", "Thank you both."),
    (4, "The practical tips and the handout.", "A bit more time for questions.", ""),
    (5, "Feeling I was not the only one.", "", "You made it feel safe to talk."),
    (3, "Some of it.", "The room was too warm and the session felt rushed.", ""),
    (4, "Learning the words for things, in plain language.", "More examples.", "Thanks!"),
]
