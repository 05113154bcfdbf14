"""Demo interviews in the spirit of the pilot research (written for the demo, in Dutch).

Each turn: (speaker, text, final codings, codings of the second coder in the reliability round). A coding is
(theme, words or None for the whole turn, stance). "{school}" and "{city}" are filled with the linked demo school,
so that the pseudonymisation pass has real names to replace. The first coder's round codings are the final ones.
"""

EXTRA = "Extra handen"
JOY = "Werkplezier"
CALM = "Rust in de hectiek"
OUTSIDE = "Blik van buiten"
ATTITUDE = "Houding van de ambassadeur"
CONTACT = "Informatie en vast aanspreekpunt"
MATCH = "Maatwerk in de match"
VALUE = "Meerwaarde tegenover investering"

SUB_THEMES = [
    ("Surveilleren", EXTRA, "#0b5563", "Toezicht bij toetsen en examens overgenomen."),
    ("Administratieve taken", EXTRA, "#0b5563", "Tabellen, lijsten en ander papierwerk."),
    ("Praktijkvoorbeelden voor leerlingen", OUTSIDE, "#1d6b2f", "Verhalen uit het werk buiten de school die leerlingen motiveren."),
    ("Kennis terug naar het eigen werk", OUTSIDE, "#1d6b2f", "Wat de ambassadeur van de school meeneemt naar de eigen organisatie."),
]

# (code, role, wave index)
PARTICIPANTS = [
    ("L01", "teacher", 0), ("L02", "teacher", 0), ("L03", "teacher", 1), ("L04", "teacher", 1), ("L05", "teacher", 1),
    ("L06", "teacher", 1), ("L07", "teacher", 1), ("SL01", "school_leader", 0), ("SL02", "school_leader", 1),
    ("OA01", "ambassador", 0), ("OA02", "ambassador", 0), ("OA03", "ambassador", 0), ("OA04", "ambassador", 1),
    ("OA05", "ambassador", 1),
]
# Consent that differs from "everything yes".
CONSENT = {"L06": {"quotes": False}, "OA05": {"linking": False}}
WITHDRAWS = "L07"  # withdraws after the interview: their words and codings disappear, the fact remains

INTERVIEWS = [
    {"code": "I01", "wave": 0, "format": "group", "days": 95, "participants": ["L01", "L02"], "round": True, "turns": [
        ("I", "Welkom allebei. Wat merken jullie in de klas van de onderwijsambassadeur?", [], []),
        ("L01", "Ik vind surveilleren eigenlijk zonde van mijn tijd. Onze ambassadeur nam de surveillance in de toetsweek "
                "over en ineens had ik een blok van twee uur om lessen voor te bereiden.",
         [(EXTRA, "nam de surveillance in de toetsweek over", "positive"), ("Surveilleren", "surveillance in de toetsweek", "")],
         [(EXTRA, "ineens had ik een blok van twee uur", "positive"), ("Surveilleren", "surveillance in de toetsweek", "")]),
        ("L02", "Bij mij is het vooral de sfeer. Het is gewoon gezellig dat ze er is, het geeft een fijne werksfeer op "
                "{school}.",
         [(JOY, "gezellig dat ze er is, het geeft een fijne werksfeer", "positive")],
         [(JOY, None, "positive"), (CALM, "fijne werksfeer", "positive")]),
        ("I", "En merken de leerlingen er ook iets van?", [], []),
        ("L01", "Zeker. Als een leerling vraagt waarom hij dit moet leren, heb ik vaak alleen het eindexamen als antwoord. "
                "Zij vertelt over haar werk bij de gemeente, met echte voorbeelden. Dat helpt kinderen die worstelen met "
                "motivatie.",
         [(OUTSIDE, "Zij vertelt over haar werk bij de gemeente, met echte voorbeelden.", "positive"),
          ("Praktijkvoorbeelden voor leerlingen", "Dat helpt kinderen die worstelen met motivatie.", "positive")],
         [(OUTSIDE, "Zij vertelt over haar werk bij de gemeente, met echte voorbeelden.", "positive")]),
        ("L02", "Ik moest laatst de afdelingsleider spreken en zij kon even bij de klas blijven. Dat geeft rust in mijn hoofd.",
         [(CALM, "Dat geeft rust in mijn hoofd.", "positive")],
         [(CALM, "Dat geeft rust in mijn hoofd.", "positive"), (EXTRA, "zij kon even bij de klas blijven", "")]),
        ("I", "Wat zou beter kunnen?", [], []),
        ("L02", "Niet iedereen in de sectie wist wat ze kon doen. Een vast aanspreekpunt had geholpen.",
         [(CONTACT, None, "negative")], [(CONTACT, "Een vast aanspreekpunt had geholpen.", "negative")]),
    ]},
    {"code": "I02", "wave": 0, "format": "individual", "days": 100, "participants": ["SL01"], "turns": [
        ("I", "Hoe kijk je als conrector naar de inzet van ambassadeurs?", [], []),
        ("SL01", "Toen ik van de pilot hoorde, kon ik meteen twintig dingen bedenken. Iets uitwerken, tabellen "
                 "controleren, dingen die uren kosten.",
         [(EXTRA, "Iets uitwerken, tabellen controleren, dingen die uren kosten.", "positive"),
          ("Administratieve taken", "tabellen controleren", "")], []),
        ("SL01", "Maar ik moet wel de poortwachter spelen. Ik vraag me steeds af wie ik er gelukkig mee maak. Als het "
                 "antwoord mijn collega's is, dan is het goed.",
         [(VALUE, "Ik vraag me steeds af wie ik er gelukkig mee maak.", "mixed")], []),
        ("I", "En de ambassadeurs zelf?", [], []),
        ("SL01", "Ze kijken met andere ogen naar de dingen. Ze komen uit andere omgevingen en daarmee komt expertise de "
                 "school binnen. Als we mensen zo voor het beroep kunnen interesseren, is dat mooi meegenomen.",
         [(OUTSIDE, "daarmee komt expertise de school binnen", "positive")], []),
    ]},
    {"code": "I03", "wave": 0, "format": "group", "days": 105, "participants": ["OA01", "OA02", "OA03"], "round": True,
     "turns": [
        ("I", "Wat doen jullie op een gewone schooldag?", [], []),
        ("OA01", "Je neemt gewoon werk uit handen van mensen die het heel druk hebben, zodat zij bezig kunnen zijn met "
                 "waar ze mee bezig moeten zijn.",
         [(EXTRA, None, "positive")], [(EXTRA, "Je neemt gewoon werk uit handen", "positive")]),
        ("OA02", "Je moet echt zelfstandig en proactief zijn. Er is weinig tijd voor begeleiding, dus je zoekt zelf je weg.",
         [(ATTITUDE, "Je moet echt zelfstandig en proactief zijn.", "")],
         [(ATTITUDE, None, ""), (CONTACT, "Er is weinig tijd voor begeleiding", "negative")]),
        ("OA03", "Er ging een wereld voor me open. Jongeren zonder motivatie, docenten die zich zorgen maken. Dat zien "
                 "heeft veel waarde voor mijn werk bij de gemeente in {city}.",
         [(OUTSIDE, None, "positive"), ("Kennis terug naar het eigen werk", "heeft veel waarde voor mijn werk", "positive")],
         [("Kennis terug naar het eigen werk", "heeft veel waarde voor mijn werk", "positive")]),
        ("I", "Wat hebben jullie nodig van de school?", [], []),
        ("OA01", "Docenten moeten weten wat een onderwijsambassadeur is en kan betekenen. Dan kunnen ze de hulp vragen "
                 "die ze nodig hebben.",
         [(CONTACT, None, "")], [(CONTACT, None, ""), (MATCH, "de hulp vragen die ze nodig hebben", "")]),
        ("OA02", "En een vaste persoon bij wie je terecht kunt. Bij mij was dat de conrector, dat werkte goed.",
         [(CONTACT, "een vaste persoon bij wie je terecht kunt", "positive")],
         [(CONTACT, "een vaste persoon bij wie je terecht kunt", "positive")]),
    ]},
    {"code": "I04", "wave": 1, "format": "individual", "days": 180, "participants": ["L03"], "turns": [
        ("I", "De samenwerking is voortijdig gestopt. Hoe kijk je daarop terug?", [], []),
        ("L03", "Ik was steeds bezig taken te verzinnen. Iets bedenken dat voor mij werkdrukverlagend is en voor de "
                "ambassadeur interessant, is lastig.",
         [(MATCH, None, "negative")], []),
        ("L03", "Het kostte me meer tijd dan het opleverde. In goed overleg zijn we gestopt, dat was de juiste keuze.",
         [(VALUE, "Het kostte me meer tijd dan het opleverde.", "negative")], []),
    ]},
    {"code": "I05", "wave": 1, "format": "individual", "days": 185, "participants": ["SL02"], "turns": [
        ("I", "Wat heeft het jaar de school opgeleverd?", [], []),
        ("SL02", "Rust, vooral. Een docent vertelde me dat hij relaxter voor de klas staat omdat hij weet dat er een "
                 "back-up is.",
         [(CALM, None, "positive")], []),
        ("SL02", "We hebben ook geleerd dat het maatwerk is. De wens van de docent moet passen bij wat de ambassadeur "
                 "kan bieden, anders wordt het juist zwaarder.",
         [(MATCH, "De wens van de docent moet passen bij wat de ambassadeur kan bieden", "mixed")], []),
    ]},
    {"code": "I06", "wave": 1, "format": "group", "days": 190, "participants": ["OA04", "OA05"], "turns": [
        ("I", "Hoe was het om een heel jaar mee te lopen?", [], []),
        ("OA04", "Ik wilde weten of het onderwijs bij me past. Nu weet ik het: ik ga na de zomer de zij-instroom in.",
         [(OUTSIDE, "Ik wilde weten of het onderwijs bij me past.", "positive")], []),
        ("OA05", "Voor mij was het leuk dat de leerlingen gesprekken met me voerden, niet alleen over het vak. Er was "
                 "tijd en er werd naar ze geluisterd.",
         [(CALM, "Er was tijd en er werd naar ze geluisterd.", "positive"), (JOY, None, "positive")], []),
    ]},
    {"code": "I07", "wave": 1, "format": "group", "days": 195, "participants": ["L04", "L05", "L06", "L07"], "turns": [
        ("I", "Wat betekent de ambassadeur voor jullie werkplezier?", [], []),
        ("L04", "Ik kan met trots laten zien wat we hier elke dag doen. Het onderwijs komt vaak negatief in het nieuws, "
                "dan is het fijn om te laten zien dat het mooi werk is.",
         [(JOY, "Ik kan met trots laten zien wat we hier elke dag doen.", "positive")], []),
        ("L05", "Ik moet nadenken over hoe ik hem inzet. Dan denk ik op een andere manier na over mijn les. Twee weten "
                "meer dan één.",
         [(OUTSIDE, "Dan denk ik op een andere manier na over mijn les.", "positive")], []),
        ("L06", "Ik merk het vooral aan tijd. Hij helpt bij de excursies en dat scheelt me elke maand een middag.",
         [(EXTRA, "Hij helpt bij de excursies", "positive")], []),
        ("L07", "Voor mij voelde het soms als extra werk, maar de leerlingen vonden het leuk.",
         [(VALUE, None, "mixed")], []),
    ]},
]

PLANNED = {"code": "I08", "wave": 1, "format": "individual", "days": 230, "participants": ["OA01"]}

JOURNAL = [
    "Eerste ronde interviews gepland met de twee pilotscholen. Informatiebrief versie 1.0 verstuurd.",
    "Na de betrouwbaarheidsronde: 'Informatie en vast aanspreekpunt' scherper afgebakend tegen 'Houding van de "
    "ambassadeur'. Meer voorbeelden toegevoegd aan het codeboek.",
]
