"""The test pages: written for healthtopics, invented people and places. make.py writes each in three forms."""

PAGES = [
    {
        "name": "clinic-blog", "kind": "post", "site": "Harbourside Physio",
        "title": "Dry needling for neck pain",
        "nav": ["Services", "Team", "Blog", "Prices", "Book"],
        "crumbs": ["Home", "Blog", "Neck and shoulders"],
        "related": ["Desk set-up in five minutes", "Why your jaw and neck are connected"],
        "comments": ["Had this done last month after a whiplash injury and it helped a lot, thank you!",
                     "Does it hurt more than acupuncture? Asking for my dad."],
        "body": [
            ("h1", "Dry needling for neck pain: what to expect at your first session"),
            ("byline", "By Priya Lane, MCSP · 12 February 2026 · 6 min read"),
            ("p", "Stiff, sore necks are the most common reason people walk through our door. Many of them have "
                  "heard about dry needling from a friend and want to know whether it is worth trying."),
            ("h2", "How dry needling can help"),
            ("p", "A fine needle placed into a tight band of muscle often makes it twitch and then relax. Most of our "
                  "patients notice **less pain and easier movement** within a day or two, and the relief tends to "
                  "last longer when it is combined with exercise."),
            ("p", "The benefits we see most often:"),
            ("ul", ["Less pain when turning your head", "Fewer tension headaches", "Better sleep on the first night"]),
            ("h2", "Different types of needling"),
            ("p", "Superficial dry needling places the needle just under the skin, while deep dry needling reaches the "
                  "trigger point itself. Some physiotherapists add a small electrical current, known as "
                  "electro-needling, for stubborn cases."),
            ("h2", "Is it safe?"),
            ("p", "Side effects are usually mild: soreness for a day, a small bruise or feeling light-headed. Rarely, "
                  "a needle in the upper back can puncture a lung, which is why we only needle that area with "
                  "ultrasound guidance. Tell us if you take blood thinners or are pregnant."),
            ("h2", "Other options"),
            ("p", "If needles are not for you, massage, heat, a graded exercise programme or "
                  "[manual therapy](/services/manual-therapy) can ease a stiff neck just as well for many people."),
        ],
    },
    {
        "name": "hospital-info", "kind": "leaflet", "site": "Northgate University Hospitals NHS Trust",
        "title": "Statins: information for patients",
        "nav": ["Our services", "Patients and visitors", "Departments", "Contact us"],
        "crumbs": ["Home", "Patient information", "Cardiology"],
        "related": ["Cholesterol blood test", "Eating well for your heart"],
        "comments": [],
        "body": [
            ("h1", "Statins: information for patients"),
            ("p", "This leaflet explains why your doctor has suggested a statin, the different statins available, "
                  "the possible side effects and what else you can do to lower your cholesterol."),
            ("h2", "Why take a statin?"),
            ("p", "Statins lower the amount of LDL cholesterol your liver makes. Taken every day, they reduce the "
                  "chance of a heart attack or stroke by about a quarter in people at raised risk."),
            ("h3", "Who benefits most"),
            ("p", "People who have already had a heart attack or stroke, people with diabetes, and people whose "
                  "10-year risk score is 10% or more gain the most from treatment."),
            ("h2", "Which statin?"),
            ("p", "There are several statins. They work in the same way but differ in strength:"),
            ("table", [["Statin", "Strength", "Usual dose"],
                       ["Atorvastatin", "High intensity", "20 to 80 mg"],
                       ["Simvastatin", "Medium intensity", "20 to 40 mg"],
                       ["Pravastatin", "Low intensity", "10 to 40 mg"]]),
            ("h2", "Side effects"),
            ("p", "Most people have no side effects. Tell your GP or pharmacist if you notice any of these:"),
            ("ul", ["Muscle aches, tenderness or weakness", "Headaches or feeling sick",
                    "Dark urine with muscle pain, which needs urgent advice"]),
            ("p", "Do not drink large amounts of grapefruit juice while taking simvastatin or atorvastatin, "
                  "because it raises the level of the drug in your blood."),
            ("h2", "Alternatives to statins"),
            ("p", "If you cannot take a statin, ezetimibe, bempedoic acid or injections such as inclisiran are "
                  "options. Stopping smoking, being active and eating less saturated fat lower your risk too."),
        ],
    },
    {
        "name": "forum-thread", "kind": "thread", "site": "SleepWell Community",
        "title": "Nasal pillows vs full face mask - leaks every night",
        "nav": ["Forums", "New posts", "Members", "Log in"],
        "crumbs": ["Forums", "CPAP equipment"],
        "related": ["Chin straps: worth it?", "Humidifier settings for winter"],
        "comments": [],
        "body": [
            ("h1", "Nasal pillows vs full face mask - leaks every night"),
            ("byline", "Posted by snorlax_no_more · 3 March 2026 · 14 replies"),
            ("p", "I have been on CPAP for six weeks with a full face mask and it leaks every night around the top "
                  "of the nose. My machine reports a leak rate over 40 L/min. Has anyone switched to nasal pillows?"),
            ("byline", "Posted by night_owl_72 · 3 March 2026"),
            ("p", "Switching to nasal pillows was the best thing I did. Much smaller, far less leaking, and I can "
                  "wear my glasses to read before sleep. My AHI dropped from 9 to under 2."),
            ("byline", "Posted by GrahamT · 4 March 2026"),
            ("p", "There are a few kinds worth trying:"),
            ("ul", ["Nasal pillows that sit at the nostrils", "Nasal cushion masks that cover the tip of the nose",
                    "Hybrid masks that cover the mouth and sit under the nose"]),
            ("byline", "Posted by sleep_tech_sam · 4 March 2026"),
            ("p", "A word of warning: pillows can make your nostrils sore and dry at first, and if you breathe "
                  "through your mouth you will just leak from there instead. Some people get nosebleeds at high "
                  "pressures, so ask your sleep clinic before changing."),
            ("quote", "If you are a mouth breather, a chin strap or a full face mask is usually the better choice."),
        ],
    },
    {
        "name": "news-article", "kind": "news", "site": "The Wessex Chronicle",
        "title": "Acupuncture cut migraine days in new trial",
        "nav": ["News", "Sport", "Health", "Opinion", "Weather"],
        "crumbs": ["Home", "Health"],
        "related": ["New migraine drug approved", "Screen time and headaches in children"],
        "comments": ["My wife has had acupuncture for years and swears by it.",
                     "Sample size seems small to me."],
        "body": [
            ("h1", "Acupuncture cut migraine days in new trial, researchers say"),
            ("byline", "By Tom Achebe, health correspondent | 21 January 2026 | 4 comments"),
            ("p", "People with chronic migraine who had 20 sessions of acupuncture had fewer headache days than "
                  "those given sham treatment, according to a trial of 310 patients published on Tuesday."),
            ("p", "On average, monthly migraine days fell by 3.2 in the acupuncture group compared with 1.4 in the "
                  "sham group, and the benefit lasted for at least 24 weeks after treatment ended."),
            ("quote", "\u201cFor patients who cannot tolerate preventive drugs, this gives them another effective "
                      "option,\u201d said Dr Helen Marsh, who led the study."),
            ("h2", "What are the risks?"),
            ("p", "Side effects were mild and uncommon: bruising, brief dizziness and slight bleeding at the "
                  "needle site. Two patients stopped because of needle discomfort."),
            ("h2", "Other treatments"),
            ("p", "Experts said acupuncture should sit alongside, not replace, established preventive treatments "
                  "such as beta blockers, topiramate, botulinum toxin injections and the newer CGRP antibodies."),
        ],
    },
    {
        "name": "product-page", "kind": "product", "site": "MoveFree Supports",
        "title": "FlexiGuard hinged knee brace",
        "nav": ["Knee", "Ankle", "Back", "Wrist", "Sale", "Basket (0)"],
        "crumbs": ["Home", "Knee supports", "Hinged braces"],
        "related": ["ActiveSleeve compression knee sleeve", "Patella strap"],
        "comments": ["Great brace, but the sizing runs small. Order one size up.",
                     "Stayed in place during a 10 km hike."],
        "body": [
            ("h1", "FlexiGuard hinged knee brace"),
            ("p", "A hinged brace for knee instability after ligament sprains, or for extra confidence when you "
                  "return to sport."),
            ("h2", "Why choose a hinged brace?"),
            ("p", "The side hinges take strain off the ligaments while still letting your knee bend naturally."),
            ("ul", ["Supports the knee after ACL, MCL and LCL sprains", "Reduces pain and swelling during activity",
                    "Helps you feel steady on stairs and uneven ground"]),
            ("h2", "Sizes and styles"),
            ("p", "Measure around your thigh 10 cm above the kneecap to choose a size:"),
            ("table", [["Style", "Support level", "Best for"],
                       ["Wraparound", "Moderate", "Everyday wear"],
                       ["Open patella", "High", "Running and football"],
                       ["Post-operative", "Maximum", "After surgery"]]),
            ("h2", "Warnings"),
            ("p", "Do not wear the brace too tightly: it can cause numbness, skin irritation or reduced blood flow. "
                  "Stop using it and see a doctor if your leg swells, changes colour or feels cold. Not suitable "
                  "for people with poor circulation."),
            ("h2", "Not sure a brace is right for you?"),
            ("p", "Strengthening exercises with a physiotherapist, a simple compression sleeve or kinesiology tape "
                  "may be enough for mild knee pain."),
        ],
    },
]
