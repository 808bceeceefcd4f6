"""The bot's strings in Dutch and English, and language codes mapped to them.

`t(lang, key, **kwargs)` formats a plain-text template (no HTML: the renderer escapes the result).
A Telegram language code ("nl", "nl-NL", "nl_BE", "en-GB") maps to its primary language; any
language without strings falls back to English, and so does a key missing in a language.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_LANGUAGE = "en"

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "status.open": "open",
        "status.postponed": "uitgesteld",
        "status.answered": "beantwoord",
        "status.withdrawn": "ingetrokken",
        "asked_by": "Vragen van: {askers}",
        "addressed_to": "Gericht aan: {addressees}",
        "submitted": "Ingezonden: {date}",
        "deadline": "Uiterste antwoorddatum: {date}",
        "answered_after": "Beantwoord na {days} dagen ({date})",
        "answered_after_one": "Beantwoord na 1 dag ({date})",
        "answered_on": "Beantwoord op {date}",
        "answered_by": "Antwoord van: {name}",
        "related": "Zie ook: {cases}",
        "answered_by_letter": "Beantwoord per brief: {letter}",
        "question": "Vraag {number}",
        "answer": "Antwoord {numbers}",
        "no_answer_yet": "Nog geen antwoord.",
        "footnotes": "Voetnoten",
        "official_text": "Officiële tekst",
        "full_text": "Volledige tekst",
        "page": "Deel {page} van {pages}",
        "matched": "Gevonden met: {queries}",
        "matched_more": "{queries} en nog {count}",
        "new_questions": "Nieuwe Kamervragen",
        "questions_heading": "Kamervragen",
        "answered_heading": "Beantwoord",
        "postponed_heading": "Uitstel",
        "new_deadline": "Nieuwe uiterste antwoorddatum: {date}",
        "further_heading": "Aanvullend antwoord",
        "withdrawn_heading": "Ingetrokken",
        # de melding van een antwoord (rendering/answer_alert.py)
        "lead.answered": "{who} beantwoordde{after} {what}.",
        "lead.after": " na {days} dagen",
        "lead.after_one": " na 1 dag",
        "lead.late": " ({days} dagen te laat)",
        "lead.late_one": " (1 dag te laat)",
        "lead.on_time": " (op tijd)",
        "lead.questions_definite": "de {count} vragen",
        "lead.question_definite": "de vraag",
        "lead.questions_indefinite": "{count} vragen",
        "lead.question_indefinite": "één vraag",
        "lead.filed": "{askers} stelde {count} aan {to}{about}.",
        "lead.filed_many": "{askers} stelden {count} aan {to}{about}.",
        "lead.withdrawn": "{askers} trok {count} aan {to}{about} in.",
        "lead.withdrawn_many": "{askers} trokken {count} aan {to}{about} in.",
        "lead.postponed": "{who} stelde de beantwoording van {what} uit.",
        "lead.further": "{who} gaf een aanvullend antwoord op {what}.",
        "lead.due_soon": "{who} moet {what} uiterlijk {date} beantwoorden.",
        "lead.overdue": "{who} had {what} uiterlijk {date} moeten beantwoorden; er is geen "
        "antwoord en geen uitstelbericht.",
        "lead.overdue_postponed": "{who} had {what} na uitstel uiterlijk {date} moeten "
        "beantwoorden; er is nog geen antwoord.",
        "lead.open": "{who} moet {what} nog beantwoorden.",
        "lead.postponed_many": "{who} stelden de beantwoording van {what} uit.",
        "lead.further_many": "{who} gaven een aanvullend antwoord op {what}.",
        "lead.due_soon_many": "{who} moeten {what} uiterlijk {date} beantwoorden.",
        "lead.overdue_many": "{who} hadden {what} uiterlijk {date} moeten beantwoorden; er is "
        "geen antwoord en geen uitstelbericht.",
        "lead.overdue_postponed_many": "{who} hadden {what} na uitstel uiterlijk {date} moeten "
        "beantwoorden; er is nog geen antwoord.",
        "lead.open_many": "{who} moeten {what} nog beantwoorden.",
        "lead.some_questions_definite": "de vragen",
        "lead.some_questions_indefinite": "vragen",
        "lead.member": "Een Kamerlid",
        "lead.the": "de",
        "lead.cabinet_inside": "het kabinet",
        "lead.from": " van {askers}",
        "lead.about": " over {title}",
        "lead.others": "{first} en {count} anderen",
        "lead.cabinet": "Het kabinet",
        "alert.quoted": "De kern van elk antwoord, letterlijk:",
        "alert.refers": "verwijst alleen naar het antwoord op vraag {numbers}",
        "alert.refers_many": "verwijst alleen naar de antwoorden op de vragen {numbers}",
        "alert.refers_elsewhere": "verwijst alleen door:",
        "alert.promise": "Toezegging:",
        "alert.more_answers": "en nog {count} antwoorden, hieronder volledig",
        "alert.full_answers": "Alle antwoorden volledig",
        "alert.full_questions": "Alle vragen volledig",
        "alert.more_questions": "en nog {count} vragen, hieronder volledig",
        "alert.questions_continued": "alle vragen volledig, vervolg",
        "alert.truncated_q": "De overige vragen staan in de hele zaak: de knop bij het eerste "
        "bericht.",
        "alert.continued": "alle antwoorden volledig, vervolg",
        "alert.truncated": "De overige antwoorden staan in de hele zaak: de knop bij het eerste "
        "bericht.",
        "button.follow": "🔔 Volg antwoord",
        "button.case": "📄 Hele zaak",
        "button.open_in_bot": "📄 Open in de bot",
        "button.unsubscribe": "🔕 Opzeggen: “{query}”",
        "button.full": "📖 Alles volledig",
        "button.previous": "‹ Vorige",
        "button.next": "Volgende ›",
        # het opdrachtenmenu (setMyCommands; hooguit 256 tekens elk)
        "cmd.start": "Wat deze bot doet",
        "cmd.help": "Alle opdrachten, met een voorbeeld",
        "cmd.subscribe": "Meldingen van nieuwe vragen over een onderwerp",
        "cmd.unsubscribe": "Een abonnement opzeggen",
        "cmd.list": "Je abonnementen en gevolgde zaken",
        "cmd.case": "Een zaak opzoeken: de vragen en antwoorden",
        "cmd.follow": "Een melding als een zaak beantwoord is",
        "cmd.unfollow": "Een zaak niet meer volgen",
        "cmd.search": "Zoeken in de opgeslagen vragen en antwoorden",
        "cmd.recent": "De nieuwste vragen en antwoorden",
        "cmd.settings": "Direct of dagelijks, taal, pauze",
        "cmd.language": "Nederlands of English",
        # /start en /help
        "start.title": "Kamervragen",
        "start.text": "Ik volg de schriftelijke vragen die Tweede Kamerleden aan de regering "
        "stellen, en de antwoorden. Abonneer je op een onderwerp en ik stuur je elke nieuwe set "
        "vragen erover; volg een zaak en ik laat weten wanneer die beantwoord is.",
        "start.try": "Probeer:",
        "start.example.subscribe": "nieuwe vragen over exportcontrole",
        "start.example.case": "één zaak met alle vragen en antwoorden",
        "start.example.search": "wat er over stikstof gevraagd is",
        "start.more": "/help toont alle opdrachten.",
        "start.dutch": "De vragen en antwoorden zijn in het Nederlands. Engelse zoekwoorden zoek "
        "ik ook in het Nederlands: human rights ook als mensenrechten.",
        "help.title": "Opdrachten",
        "help.start": "wat deze bot doet",
        "help.help": "dit overzicht",
        "help.subscribe": "meldingen van nieuwe vragen die bij een zoekvraag passen",
        "help.unsubscribe": "een abonnement opzeggen (zonder zoekvraag: kies uit een lijst)",
        "help.list": "je abonnementen en de zaken die je volgt",
        "help.case": "een zaak op zaaknummer, documentnummer, publicatie-id of link",
        "help.follow": "een melding als die zaak beantwoord, uitgesteld of ingetrokken wordt",
        "help.unfollow": "geen meldingen meer daarover",
        "help.search": "opgeslagen zaken die passen, nieuwste eerst",
        "help.recent": "de nieuwste vragen en antwoorden",
        "help.settings": "direct melden of een dagelijks overzicht, taal, pauze",
        "help.language": "de taal van de bot: nl, en of auto",
        "help.queries": "Zoekvragen",
        "help.query.near": "beide woorden in één zin (samenstellingen tellen mee: exportcontrole)",
        "help.query.phrase": "precies deze woorden",
        "help.query.prefix": "woorden die met cyber beginnen",
        "help.query.or": "een van beide woorden",
        "help.query.not": "stikstof, maar niets over Groningen",
        "help.query.party": "gesteld door D66 (ook member:Naam en to:Financiën)",
        "help.groups": "In een groep wijzigen alleen de beheerders abonnementen en instellingen.",
        # antwoorden op opdrachten
        "usage.subscribe": "Waar moet ik op letten? /subscribe ZOEKVRAAG, bijvoorbeeld "
        "/subscribe export control",
        "usage.case": "Welke zaak? /case ZAAKNUMMER, bijvoorbeeld /case 2019Z15244",
        "usage.follow": "Welke zaak? /follow ZAAKNUMMER, bijvoorbeeld /follow 2019Z15244",
        "usage.unfollow": "Welke zaak? /unfollow ZAAKNUMMER, bijvoorbeeld /unfollow 2019Z15244",
        "usage.search": "Waarnaar zoeken? /search ZOEKVRAAG, bijvoorbeeld "
        "/search stikstof OR ammoniak",
        "usage.settings": "Stuur /settings alleen, of /settings instant, /settings digest 8, "
        "/settings pause, /settings resume, /settings language en",
        "usage.language": "Stuur /language nl, /language en of /language auto",
        "settings.bad_hour": "“{hour}” is geen uur van de dag. Kies een heel getal van 0 tot en "
        "met 23, bijvoorbeeld /settings digest 8.",
        "settings.bad_language": "De taal “{language}” ken ik niet. Kies nl, en of auto, "
        "bijvoorbeeld {example}.",
        "settings.unknown": "De instelling “{setting}” ken ik niet. Stuur /settings alleen voor de "
        "knoppen, of /settings instant, /settings digest 8, /settings pause, /settings resume, "
        "/settings language en, /settings deadlines on, /settings weekly on, "
        "/settings stats text",
        "settings.bad_value": "/settings {setting} kent alleen {values}, bijvoorbeeld "
        "/settings {setting} {example}.",
        "unknown_command": "Die opdracht ken ik niet; /help toont ze allemaal.",
        "private_hint": "Stuur een zaaknummer (2019Z15244) of een link om een zaak op te "
        "zoeken, of /search WOORDEN; /help toont alle opdrachten.",
        "not_admin": "Alleen de beheerders van deze groep kunnen de abonnementen en "
        "instellingen wijzigen.",
        "error.generic": "Sorry, er ging iets mis. Probeer het nog eens.",
        "sub.bad_query": "Die zoekvraag werkt niet. {error}",
        "sub.bad_query_help": "/help laat zien hoe je zoekvragen schrijft.",
        "sub.saved": "✅ Geabonneerd op “{query}”",
        "sub.exists": "Dit abonnement heb je al: “{query}”",
        "sub.finds": "Deze zoekvraag vindt {description}.",
        "sub.also": "Ook gezocht, in het Nederlands: {words}",
        "sub.dutch_hint": "De documenten zijn Nederlands: vindt dit te weinig, probeer dan het "
        "Nederlandse woord.",
        "sub.caught": "In de afgelopen {days} dagen had deze zoekvraag {count} zaken opgeleverd. "
        "De nieuwste:",
        "sub.caught_one": "In de afgelopen {days} dagen had deze zoekvraag 1 zaak opgeleverd:",
        "sub.caught_none": "In de afgelopen {days} dagen had deze zoekvraag niets opgeleverd.",
        "sub.older": "De meest recente zaak van daarvoor:",
        "sub.never": "Er past nog geen enkele opgeslagen zaak bij.",
        "sub.tune": "Te veel of te weinig? Maak het ongedaan en probeer een andere zoekvraag.",
        "sub.too_many": "Deze chat heeft {limit} abonnementen, het maximum. Verwijder er eerst "
        "een met /unsubscribe.",
        "matched_words": "gevonden: {words}",
        "unsub.none": "Deze chat heeft geen abonnementen. Voeg er een toe met "
        "/subscribe ZOEKVRAAG.",
        "unsub.choose": "Welk abonnement wil je opzeggen?",
        "unsub.done": "🔕 Abonnement op “{query}” opgezegd.",
        "unsub.not_found": "Deze chat heeft geen abonnement “{query}”; /list toont ze.",
        "unsub.gone": "Dat abonnement was al verwijderd.",
        "list.title": "📋 Abonnementen en gevolgde zaken",
        "list.subscriptions": "Abonnementen ({count})",
        "list.follows": "Gevolgde zaken ({count})",
        "list.empty": "Nog niets. /subscribe ZOEKVRAAG brengt nieuwe vragen over een "
        "onderwerp; /follow ZAAKNUMMER meldt wanneer een zaak beantwoord is.",
        "follow.done": "🔔 Je volgt nu {case}. Je krijgt bericht als de zaak beantwoord, "
        "uitgesteld, aanvullend beantwoord of ingetrokken wordt.",
        "follow.done_closed": "🔔 Je volgt nu {case}. De zaak is {status}; je krijgt bericht als "
        "er nog iets gebeurt.",
        "follow.already": "Je volgt {case} al.",
        "follow.no_zaaknummer": "Deze zaak heeft nog geen zaaknummer en kan daarom niet gevolgd "
        "worden.",
        "unfollow.done": "🔕 Je volgt {case} niet meer.",
        "unfollow.not_following": "Je volgt {case} niet; /list toont wat je volgt.",
        "toast.followed": "🔔 Je volgt {case}",
        "toast.unfollowed": "🔕 Je volgt {case} niet meer",
        "case.bad_reference": "“{reference}” is geen verwijzing naar een zaak. Gebruik een "
        "zaaknummer (2019Z15244), een documentnummer (2019D30185), een publicatie-id "
        "(ah-tk-20182019-3985) of een link van tweedekamer.nl of officielebekendmakingen.nl. "
        "Zoeken op woorden: /search WOORDEN",
        "case.not_found": "Zaak {reference} bestaat niet: hij staat niet in de database en de "
        "bronnen kennen hem niet.",
        "case.unavailable": "Zaak {reference} staat nog niet in de database en de bronnen zijn "
        "nu niet bereikbaar. Probeer het over een paar minuten nog eens.",
        "case.gone": "Die zaak is niet meer beschikbaar.",
        "search.title": "🔎 {count} zaken passen bij “{query}”",
        "search.title_one": "🔎 1 zaak past bij “{query}”",
        "search.title_many": "🔎 Meer dan {count} zaken passen bij “{query}”; dit zijn de "
        "nieuwste {count}",
        "search.none": "🔎 Geen enkele opgeslagen zaak past bij “{query}”.",
        "search.page": "Pagina {page} van {pages}",
        "search.expired": "Deze zoekopdracht is verlopen; stuur /search nog eens.",
        "recent.questions": "🆕 Nieuwste vragen",
        "recent.answers": "✅ Nieuwste antwoorden",
        "recent.empty": "Er zijn nog geen zaken opgeslagen.",
        "recent.answered": "beantwoord {date}",
        "settings.title": "⚙️ Instellingen",
        "settings.instant": "Meldingen: direct als er iets gebeurt",
        "settings.digest": "Meldingen: één dagelijks overzicht om {hour}",
        "settings.language_auto": "Taal: automatisch (nu {language})",
        "settings.language": "Taal: {language}",
        "settings.paused": "⏸ Meldingen staan op pauze.",
        "settings.active": "Meldingen staan aan.",
        "settings.saved": "Opgeslagen",
        "settings.unchanged": "Dat was de instelling al",
        "language.nl": "Nederlands",
        "language.en": "English",
        "language.set": "Ik spreek hier nu Nederlands.",
        "language.auto": "Ik spreek hier nu ieders eigen Telegram-taal.",
        "language.choose": "Welke taal moet ik hier spreken?",
        "button.follow_case": "🔔 Volg",
        "button.unfollow": "🔕 Niet meer volgen",
        "button.open": "📄 {case}",
        "button.undo": "↩️ Ongedaan maken",
        "button.remove_subscription": "✖ “{query}”",
        "button.remove_follow": "✖ {case}",
        "button.instant": "⚡ Direct",
        "button.digest": "🗓 Dagelijks overzicht",
        "button.earlier": "‹ {hour}",
        "button.later": "{hour} ›",
        "button.language_auto": "🌐 Automatisch",
        "button.pause": "⏸ Meldingen pauzeren",
        "button.resume": "▶️ Meldingen hervatten",
        # fouten in een zoekvraag (QueryError.code)
        "query.too_long": "Hij is te lang: {length} tekens, het maximum is {limit}. Maak hem "
        "korter.",
        "query.empty": "Hij is leeg. Schrijf een of meer woorden.",
        "query.unmatched_close": "Er staat een “)” zonder “(” ervoor. Haal hem weg of zet er een "
        "“(” voor.",
        "query.minus_needs_term": "Na een “-” moet direct een woord volgen, zonder spatie: "
        "stikstof -Groningen.",
        "query.unclosed_quote": "Een aanhalingsteken wordt niet gesloten. Zet er een achter de "
        "woorden.",
        "query.unknown_filter": "Het filter “{name}:” ken ik niet. Gebruik party:, member:, to:, "
        "since:, until: of status:.",
        "query.star_position": "Een * kan alleen aan het eind van een woord staan: cyber*.",
        "query.filter_needs_value": "Na {field}: moet direct een waarde volgen, bijvoorbeeld "
        "{example}.",
        "query.operator_needs_terms": "{operator} moet aan beide kanten een woord hebben: "
        "stikstof {operator} ammoniak.",
        "query.not_needs_term": "Na {operator} moet een woord volgen: {example}.",
        "query.unclosed_parenthesis": "Een “(” wordt niet gesloten. Zet er een “)” achter.",
        "query.empty_parentheses": "Tussen de haakjes staat niets. Zet er woorden tussen of haal "
        "ze weg.",
        "query.too_deep": "De haakjes zijn meer dan {depth} keer genest. Maak de zoekvraag "
        "eenvoudiger.",
        "query.empty_quotes": "Tussen de aanhalingstekens staan geen letters of cijfers.",
        "query.no_letters": "“{text}” heeft geen letters of cijfers. Haal het weg of schrijf een "
        "woord.",
        "query.filter_needs_letters": "Na {field}: moet een waarde met letters of cijfers "
        "volgen, bijvoorbeeld {example}.",
        "query.only_excluded": "Hij sluit alleen dingen uit. Voeg een woord, zinsdeel of filter "
        "toe dat wél moet voorkomen: stikstof -Groningen.",
        "query.only_restrictions": "since:, until: en status: beperken alleen een zoekvraag. "
        "Voeg een woord, zinsdeel of filter toe: stikstof since:2024-01-01.",
        "query.bad_date": "“{date}” is geen datum voor {field}:. Schrijf jaar-maand-dag, "
        "bijvoorbeeld {field}:2024-01-31.",
        "query.unknown_status": "De status “{status}” ken ik niet. Kies uit: {statuses}.",
        # kamervragen console
        "console.welcome": "Kamervragen-console: typ een opdracht zoals /start of "
        "/case 2019Z15244, een nummer om op een knop te drukken, /quit om te stoppen.",
        "console.updated": "(bericht bijgewerkt)",
        "console.no_button": "Die knop bestaat niet; kies 1 tot en met {count}.",
        "console.no_cases": "De database heeft nog geen zaken; sla eerst de seeds op: "
        "kamervragen ingest seeds/*.txt",
        # meldingen: dagelijks overzicht, en berichten voor beheerders (/status)
        "digest.title": "Dagelijks overzicht",
        "digest.count": "{events} over {cases}",
        "digest.events": "{count} meldingen",
        "digest.events_one": "1 melding",
        "digest.cases": "{count} zaken",
        "digest.cases_one": "1 zaak",
        "ops.title": "Status van de bot",
        "ops.cases": "Zaken: {cases}, gebeurtenissen: {events}",
        "ops.outbox": "Uitgaand: {pending} te versturen, {held} voor dagelijkse overzichten",
        "ops.recent": "Laatste 24 uur: {sent} verstuurd, {failed} mislukt",
        "ops.inactive": "Inactieve chats: {count}",
        "ops.texts": "Teksten: {fetched} opgehaald, {pending} wachtend, {gave_up} opgegeven",
        "ops.source_ok": "{source}: in orde, laatst gelukt {when}",
        "ops.source_failing": "{source}: faalt sinds {since}: {error}",
        "ops.never": "nooit",
        "ops.alert_failing": "⚠️ Bron {source} faalt al {minutes} minuten (sinds {since}): {error}",
        "ops.alert_recovered": "✅ Bron {source} werkt weer.",
    },
    "en": {
        "status.open": "open",
        "status.postponed": "postponed",
        "status.answered": "answered",
        "status.withdrawn": "withdrawn",
        "asked_by": "Asked by: {askers}",
        "addressed_to": "Addressed to: {addressees}",
        "submitted": "Submitted: {date}",
        "deadline": "Deadline: {date}",
        "answered_after": "Answered after {days} days ({date})",
        "answered_after_one": "Answered after 1 day ({date})",
        "answered_on": "Answered on {date}",
        "answered_by": "Answered by: {name}",
        "related": "Related: {cases}",
        "answered_by_letter": "Answered by letter: {letter}",
        "question": "Question {number}",
        "answer": "Answer {numbers}",
        "no_answer_yet": "No answer yet.",
        "footnotes": "Footnotes",
        "official_text": "Official text",
        "full_text": "Full text",
        "page": "Part {page} of {pages}",
        "matched": "Matched: {queries}",
        "matched_more": "{queries} and {count} more",
        "new_questions": "New parliamentary questions",
        "questions_heading": "Parliamentary questions",
        "answered_heading": "Answered",
        "postponed_heading": "Postponed",
        "new_deadline": "New deadline: {date}",
        "further_heading": "Further answer",
        "withdrawn_heading": "Withdrawn",
        # the alert for an answer (rendering/answer_alert.py)
        "lead.answered": "{who} answered {what}{after}.",
        "lead.after": " after {days} days",
        "lead.after_one": " after 1 day",
        "lead.late": " ({days} days late)",
        "lead.late_one": " (1 day late)",
        "lead.on_time": " (on time)",
        "lead.questions_definite": "the {count} questions",
        "lead.question_definite": "the question",
        "lead.questions_indefinite": "{count} questions",
        "lead.question_indefinite": "one question",
        "lead.filed": "{askers} asked {to} {count}{about}.",
        "lead.filed_many": "{askers} asked {to} {count}{about}.",
        "lead.withdrawn": "{askers} withdrew {count} to {to}{about}.",
        "lead.withdrawn_many": "{askers} withdrew {count} to {to}{about}.",
        "lead.postponed": "{who} postponed the answer to {what}.",
        "lead.further": "{who} gave a further answer to {what}.",
        "lead.due_soon": "{who} must answer {what} by {date}.",
        "lead.overdue": "{who} should have answered {what} by {date}; there is no answer and no "
        "postponement notice.",
        "lead.overdue_postponed": "{who} should have answered {what} by {date}, after a "
        "postponement; there is still no answer.",
        "lead.open": "{who} has yet to answer {what}.",
        "lead.postponed_many": "{who} postponed the answer to {what}.",
        "lead.further_many": "{who} gave a further answer to {what}.",
        "lead.due_soon_many": "{who} must answer {what} by {date}.",
        "lead.overdue_many": "{who} should have answered {what} by {date}; there is no answer "
        "and no postponement notice.",
        "lead.overdue_postponed_many": "{who} should have answered {what} by {date}, after a "
        "postponement; there is still no answer.",
        "lead.open_many": "{who} have yet to answer {what}.",
        "lead.some_questions_definite": "the questions",
        "lead.some_questions_indefinite": "questions",
        "lead.member": "A member",
        "lead.the": "the",
        "lead.cabinet_inside": "the government",
        "lead.from": " from {askers}",
        "lead.about": " about {title}",
        "lead.others": "{first} and {count} others",
        "lead.cabinet": "The government",
        "alert.quoted": "The gist of each answer, verbatim (the documents are in Dutch):",
        "alert.refers": "only refers to the answer to question {numbers}",
        "alert.refers_many": "only refers to the answers to questions {numbers}",
        "alert.refers_elsewhere": "only refers elsewhere:",
        "alert.promise": "Commitment:",
        "alert.more_answers": "and {count} more answers, in full below",
        "alert.full_answers": "Every answer in full",
        "alert.full_questions": "Every question in full",
        "alert.more_questions": "and {count} more questions, in full below",
        "alert.questions_continued": "every question in full, continued",
        "alert.truncated_q": "The other questions are in the whole case: the button on the "
        "first message.",
        "alert.continued": "every answer in full, continued",
        "alert.truncated": "The other answers are in the whole case: the button on the first "
        "message.",
        "button.follow": "🔔 Follow answer",
        "button.case": "📄 Whole case",
        "button.open_in_bot": "📄 Open in the bot",
        "button.unsubscribe": "🔕 Unsubscribe “{query}”",
        "button.full": "📖 Show all in full",
        "button.previous": "‹ Previous",
        "button.next": "Next ›",
        # the command menu (setMyCommands; at most 256 characters each)
        "cmd.start": "What this bot does",
        "cmd.help": "Every command, with an example",
        "cmd.subscribe": "Alerts for new questions on a subject",
        "cmd.unsubscribe": "Cancel a subscription",
        "cmd.list": "Your subscriptions and followed cases",
        "cmd.case": "Look up a case: its questions and answers",
        "cmd.follow": "An alert when a case is answered",
        "cmd.unfollow": "Stop following a case",
        "cmd.search": "Search the stored questions and answers",
        "cmd.recent": "The latest questions and answers",
        "cmd.settings": "Instant or daily alerts, language, pause",
        "cmd.language": "Nederlands or English",
        # /start and /help
        "start.title": "Kamervragen",
        "start.text": "I follow the written questions that members of the Tweede Kamer (the Dutch "
        "House of Representatives) put to the government, and the answers. Subscribe to a "
        "subject and I send you every new set of questions about it; follow a case and I tell "
        "you when it is answered.",
        "start.try": "Try:",
        "start.example.subscribe": "new questions about export control",
        "start.example.case": "one case with all its questions and answers",
        "start.example.search": "what has been asked about nitrogen",
        "start.more": "/help lists every command.",
        "start.dutch": "The questions and answers are in Dutch. English search words are also "
        "searched in Dutch: human rights also as mensenrechten.",
        "help.title": "Commands",
        "help.start": "what this bot does",
        "help.help": "this list",
        "help.subscribe": "alerts for new questions that match a query",
        "help.unsubscribe": "cancel a subscription (without a query: pick it from a list)",
        "help.list": "your subscriptions and the cases you follow",
        "help.case": "a case by zaaknummer, document number, publication id or link",
        "help.follow": "an alert when that case is answered, postponed or withdrawn",
        "help.unfollow": "no more alerts for it",
        "help.search": "stored cases that match, newest first",
        "help.recent": "the latest questions and answers",
        "help.settings": "instant alerts or a daily digest, language, pause",
        "help.language": "the bot's language: nl, en or auto",
        "help.queries": "Queries",
        "help.query.near": "both words in one sentence (compounds count: exportcontrole)",
        "help.query.phrase": "exactly these words",
        "help.query.prefix": "words that start with cyber",
        "help.query.or": "either word",
        "help.query.not": "stikstof, but nothing about Groningen",
        "help.query.party": "asked by D66 (also member:Name and to:Financiën)",
        "help.groups": "In a group only its administrators change subscriptions and settings.",
        # answers to commands
        "usage.subscribe": "What should I look for? /subscribe QUERY, for example "
        "/subscribe export control",
        "usage.case": "Which case? /case ZAAKNUMMER, for example /case 2019Z15244",
        "usage.follow": "Which case? /follow ZAAKNUMMER, for example /follow 2019Z15244",
        "usage.unfollow": "Which case? /unfollow ZAAKNUMMER, for example /unfollow 2019Z15244",
        "usage.search": "Search for what? /search QUERY, for example /search stikstof OR ammoniak",
        "usage.settings": "Send /settings alone, or /settings instant, /settings digest 8, "
        "/settings pause, /settings resume, /settings language nl",
        "usage.language": "Send /language nl, /language en or /language auto",
        "settings.bad_hour": "“{hour}” is not an hour of the day. Choose a whole number from 0 "
        "to 23, for example /settings digest 8.",
        "settings.bad_language": "I do not know the language “{language}”. Choose nl, en or "
        "auto, for example {example}.",
        "settings.unknown": "I do not know the setting “{setting}”. Send /settings alone for the "
        "buttons, or /settings instant, /settings digest 8, /settings pause, /settings resume, "
        "/settings language nl, /settings deadlines on, /settings weekly on, "
        "/settings stats text",
        "settings.bad_value": "/settings {setting} takes only {values}, for example "
        "/settings {setting} {example}.",
        "unknown_command": "I do not know that command; /help lists them.",
        "private_hint": "Send a case number (2019Z15244) or a link to look it up, or "
        "/search WORDS; /help lists every command.",
        "not_admin": "Only the administrators of this group can change its subscriptions "
        "and settings.",
        "error.generic": "Sorry, something went wrong. Please try again.",
        "sub.bad_query": "That query does not work. {error}",
        "sub.bad_query_help": "/help shows how queries are written.",
        "sub.saved": "✅ Subscribed to “{query}”",
        "sub.exists": "You already have this subscription: “{query}”",
        "sub.finds": "This query finds {description}.",
        "sub.also": "Also searching, in Dutch: {words}",
        "sub.dutch_hint": "The documents are in Dutch: if this finds too little, try the Dutch "
        "word.",
        "sub.caught": "In the last {days} days this query would have found {count} cases. The "
        "newest:",
        "sub.caught_one": "In the last {days} days this query would have found 1 case:",
        "sub.caught_none": "In the last {days} days this query would have found nothing.",
        "sub.older": "The most recent case before that:",
        "sub.never": "No stored case matches it yet.",
        "sub.tune": "Too much or too little? Undo it and try another query.",
        "sub.too_many": "This chat has {limit} subscriptions, the most allowed. Remove one first "
        "with /unsubscribe.",
        "matched_words": "found: {words}",
        "unsub.none": "This chat has no subscriptions. Add one with /subscribe QUERY.",
        "unsub.choose": "Which subscription do you want to cancel?",
        "unsub.done": "🔕 Unsubscribed from “{query}”.",
        "unsub.not_found": "This chat has no subscription “{query}”; /list shows them.",
        "unsub.gone": "That subscription was already removed.",
        "list.title": "📋 Subscriptions and followed cases",
        "list.subscriptions": "Subscriptions ({count})",
        "list.follows": "Followed cases ({count})",
        "list.empty": "Nothing here yet. /subscribe QUERY brings new questions on a subject; "
        "/follow ZAAKNUMMER tells you when a case is answered.",
        "follow.done": "🔔 You now follow {case}. You get a message when it is answered, "
        "postponed, further answered or withdrawn.",
        "follow.done_closed": "🔔 You now follow {case}. It is {status}; you get a message if "
        "anything more happens.",
        "follow.already": "You already follow {case}.",
        "follow.no_zaaknummer": "This case has no zaaknummer yet, so it cannot be followed.",
        "unfollow.done": "🔕 You no longer follow {case}.",
        "unfollow.not_following": "You do not follow {case}; /list shows what you follow.",
        "toast.followed": "🔔 Following {case}",
        "toast.unfollowed": "🔕 No longer following {case}",
        "case.bad_reference": "“{reference}” is not a case reference. Use a zaaknummer "
        "(2019Z15244), a document number (2019D30185), a publication id (ah-tk-20182019-3985) or "
        "a tweedekamer.nl or officielebekendmakingen.nl link. To search by words: /search WORDS",
        "case.not_found": "There is no case {reference}: it is not in the database and the "
        "sources do not know it.",
        "case.unavailable": "Case {reference} is not in the database yet and the sources cannot "
        "be reached right now. Please try again in a few minutes.",
        "case.gone": "That case is no longer available.",
        "search.title": "🔎 {count} cases match “{query}”",
        "search.title_one": "🔎 1 case matches “{query}”",
        "search.title_many": "🔎 More than {count} cases match “{query}”; here are the newest "
        "{count}",
        "search.none": "🔎 No stored case matches “{query}”.",
        "search.page": "Page {page} of {pages}",
        "search.expired": "This search has expired; please send /search again.",
        "recent.questions": "🆕 Newest questions",
        "recent.answers": "✅ Newest answers",
        "recent.empty": "No cases are stored yet.",
        "recent.answered": "answered {date}",
        "settings.title": "⚙️ Settings",
        "settings.instant": "Alerts: as soon as something happens",
        "settings.digest": "Alerts: one daily digest at {hour} (Dutch time)",
        "settings.language_auto": "Language: automatic (now {language})",
        "settings.language": "Language: {language}",
        "settings.paused": "⏸ Alerts are paused.",
        "settings.active": "Alerts are on.",
        "settings.saved": "Saved",
        "settings.unchanged": "That was already the setting",
        "language.nl": "Nederlands",
        "language.en": "English",
        "language.set": "I now speak English here.",
        "language.auto": "I now speak each person's Telegram language here.",
        "language.choose": "Which language should I speak here?",
        "button.follow_case": "🔔 Follow",
        "button.unfollow": "🔕 Unfollow",
        "button.open": "📄 {case}",
        "button.undo": "↩️ Undo",
        "button.remove_subscription": "✖ “{query}”",
        "button.remove_follow": "✖ {case}",
        "button.instant": "⚡ Instant",
        "button.digest": "🗓 Daily digest",
        "button.earlier": "‹ {hour}",
        "button.later": "{hour} ›",
        "button.language_auto": "🌐 Automatic",
        "button.pause": "⏸ Pause alerts",
        "button.resume": "▶️ Resume alerts",
        # mistakes in a query (QueryError.code)
        "query.too_long": "It is too long: {length} characters, the limit is {limit}. Please "
        "shorten it.",
        "query.empty": "It is empty. Write one or more words.",
        "query.unmatched_close": "There is a “)” without a “(” before it. Remove it or add the "
        "“(”.",
        "query.minus_needs_term": "A “-” must be followed directly by a word, without a space: "
        "stikstof -Groningen.",
        "query.unclosed_quote": "A quotation mark is not closed. Add one after the words.",
        "query.unknown_filter": "I do not know the filter “{name}:”. Use party:, member:, to:, "
        "since:, until: or status:.",
        "query.star_position": "A * can only end a word: cyber*.",
        "query.filter_needs_value": "{field}: must be followed directly by a value, for example "
        "{example}.",
        "query.operator_needs_terms": "{operator} needs a word on both sides: stikstof "
        "{operator} ammoniak.",
        "query.not_needs_term": "{operator} must be followed by a word: {example}.",
        "query.unclosed_parenthesis": "A “(” is not closed. Add a “)” after it.",
        "query.empty_parentheses": "There is nothing between the parentheses. Put words in them "
        "or remove them.",
        "query.too_deep": "The parentheses are nested more than {depth} deep. Please simplify "
        "the query.",
        "query.empty_quotes": "There are no letters or digits between the quotation marks.",
        "query.no_letters": "“{text}” has no letters or digits. Remove it or write a word.",
        "query.filter_needs_letters": "{field}: needs a value with letters or digits, for "
        "example {example}.",
        "query.only_excluded": "It only excludes. Add a word, phrase or filter that must occur: "
        "stikstof -Groningen.",
        "query.only_restrictions": "since:, until: and status: only narrow a query. Add a word, "
        "phrase or filter: stikstof since:2024-01-01.",
        "query.bad_date": "“{date}” is not a date for {field}:. Write year-month-day, for "
        "example {field}:2024-01-31.",
        "query.unknown_status": "I do not know the status “{status}”. Choose from: {statuses}.",
        # kamervragen console
        "console.welcome": "Kamervragen console: type a command such as /start or "
        "/case 2019Z15244, a number to press a button, /quit to leave.",
        "console.updated": "(message updated)",
        "console.no_button": "There is no such button; choose 1 to {count}.",
        "console.no_cases": "The database has no cases yet; store the seeds first: "
        "kamervragen ingest seeds/*.txt",
        # alerts: the daily digest, and messages for operators (/status)
        "digest.title": "Daily digest",
        "digest.count": "{events} on {cases}",
        "digest.events": "{count} updates",
        "digest.events_one": "1 update",
        "digest.cases": "{count} cases",
        "digest.cases_one": "1 case",
        "ops.title": "Bot status",
        "ops.cases": "Cases: {cases}, events: {events}",
        "ops.outbox": "Outbox: {pending} to send, {held} held for daily digests",
        "ops.recent": "Last 24 h: {sent} sent, {failed} failed",
        "ops.inactive": "Inactive chats: {count}",
        "ops.texts": "Texts: {fetched} fetched, {pending} pending, {gave_up} given up",
        "ops.source_ok": "{source}: ok, last success {when}",
        "ops.source_failing": "{source}: failing since {since}: {error}",
        "ops.never": "never",
        "ops.alert_failing": "⚠️ Source {source} has been failing for {minutes} minutes "
        "(since {since}): {error}",
        "ops.alert_recovered": "✅ Source {source} works again.",
    },
}

# Searches over every stored case (issue 12): when a search or a count could not be finished
# in time.
STRINGS["nl"].update(
    {
        "search.failed": "Die zoekopdracht duurde te lang. Probeer een nauwere zoekvraag.",
        "sub.preview_failed": "Wat deze zoekvraag eerder zou hebben gevonden, kon ik niet op "
        "tijd nagaan.",
        "ops.failed": "Het tellen duurde te lang; probeer het zo nog eens.",
    }
)
STRINGS["en"].update(
    {
        "search.failed": "That search took too long. Try a narrower query.",
        "sub.preview_failed": "I could not work out in time what this query would have found.",
        "ops.failed": "Counting took too long; please try again shortly.",
    }
)

LANGUAGES: tuple[str, ...] = tuple(STRINGS)


class UnknownStringKey(KeyError):
    """No language has a string with this key."""


def language(code: str | None) -> str:
    """The supported language for a Telegram language code ("nl-NL" -> "nl", "fr" -> "en")."""
    primary = (code or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in STRINGS else DEFAULT_LANGUAGE


def t(lang: str | None, key: str, **kwargs: object) -> str:
    """The string `key` in language `lang` (a Telegram code is fine), formatted with kwargs."""
    template = STRINGS[language(lang)].get(key) or STRINGS[DEFAULT_LANGUAGE].get(key)
    if template is None:
        raise UnknownStringKey(key)
    return template.format(**kwargs)


def format_date(lang: str | None, date: dt.date) -> str:
    """A date written out: "18 juli 2019", "18 July 2019"."""
    months = MONTHS.get(language(lang), MONTHS[DEFAULT_LANGUAGE])
    return f"{date.day} {months[date.month - 1]} {date.year}"


def join_list(lang: str | None, items: list[str]) -> str:
    """Items joined for a sentence: "A, B en C" / "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    conjunction = " en " if language(lang) == "nl" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


# Deadlines and statistics (/overdue, /stats, deadline alerts, the weekly overview), in a block
# of their own; `t` finds them like any other string.
_DEADLINE_STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "cmd.overdue": "Vragen waarvan de antwoordtermijn verstreken is",
        "cmd.stats": "Wie antwoordt op tijd: cijfers per ministerie of partij",
        "help.overdue": "open vragen over hun termijn, langst eerst (ook per ministerie, "
        "partij, lid)",
        "help.stats": "antwoordtijden per ministerie (of partij) als grafiek, standaard 12 maanden",
        "usage.stats": "Stuur /stats, /stats partij, /stats BZ, /stats D66 6m of /stats 2024. "
        "Een periode is 30d, 8w, 6m, 1j, een jaar (2024), een maand (2025-03) of "
        "2025-01-01..2025-03-31.",
        "deadline.note": "termijn {date}",
        "due_soon.heading": "Termijn bijna om",
        "overdue.heading": "Termijn verstreken",
        "overdue_postponed.heading": "Termijn na uitstel verstreken",
        "overdue.title": "⌛ {count} open vragen over hun termijn",
        "overdue.title_one": "⌛ 1 open vraag over de termijn",
        "overdue.title_scope": "⌛ {count} open vragen over hun termijn: {scope}",
        "overdue.title_scope_one": "⌛ 1 open vraag over de termijn: {scope}",
        "overdue.none": "Geen open vragen over hun termijn.",
        "overdue.none_scope": "Geen open vragen over hun termijn: {scope}.",
        "overdue.line": "{days} dagen te laat, termijn {date}",
        "overdue.line_one": "1 dag te laat, termijn {date}",
        "overdue.postponed": "na uitstel",
        "overdue.unknown_scope": "“{text}” ken ik niet als ministerie (BZ, Financiën), partij "
        "(D66) of Kamerlid (Omtzigt).",
        "stats.unknown_scope": "“{text}” ken ik niet als ministerie (BZ, Financiën), partij "
        "(D66) of Kamerlid (Omtzigt). /stats zonder meer toont alle ministeries.",
        "stats.bad_period": "“{text}” is geen periode. Gebruik 30d, 8w, 6m, 1j, een jaar (2024), "
        "een maand (2025-03) of 2025-01-01..2025-03-31.",
        "stats.title": "📊 Antwoordtijden {since} t/m {until}",
        "stats.title_scope": "📊 Antwoordtijden {since} t/m {until}: {scope}",
        "stats.none": "Geen vragen gesteld in deze periode.",
        "stats.total": "Alle: {asked} gesteld, {answered} beantwoord · mediaan {median} · "
        "p90 {p90} · op tijd {on_time} · uitgesteld {postponed} · open {open}, te laat {overdue}",
        "stats.group": "{asked} gesteld, {answered} beantwoord · mediaan {median}, p90 {p90}\n"
        "   op tijd {on_time} · uitgesteld {postponed} · open {open}, te laat {overdue}",
        "stats.days": "{days} d",
        "stats.unknown": "–",
        "stats.other": "overig",
        "stats.below": "De tabel staat hieronder.",
        "stats.legend": "Mediaan in dagen tot het antwoord; de streep is de termijn van 21 dagen.",
        "stats.chart_title": "Mediane antwoordtijd (dagen)",
        "stats.chart_on_time": "{pct} op tijd",
        "stats.chart_none": "nog geen antwoord",
        "stats.chart_term": "termijn 21 dagen",
        "weekly.title": "🗓 Weekoverzicht {since} t/m {until}",
        "weekly.answered": "✅ Beantwoord ({count})",
        "weekly.overdue": "⌛ Deze week over de termijn ({count})",
        "weekly.open": "⏳ Nog open ({count})",
        "weekly.nothing": "Niets beantwoord, niets over de termijn en niets open bij je "
        "abonnementen en gevolgde zaken.",
        "weekly.more": "… en nog {count}",
        "digest.due_soon": "Termijn bijna om",
        "digest.overdue": "Termijn verstreken",
        "digest.overdue_postponed": "Termijn na uitstel verstreken",
        "settings.deadlines_on": "Termijnmeldingen ook voor abonnementen: aan",
        "settings.deadlines_off": "Termijnmeldingen: alleen voor gevolgde zaken",
        "settings.weekly_on": "Weekoverzicht op maandagochtend: aan",
        "settings.weekly_off": "Weekoverzicht: uit",
        "settings.stats_text": "/stats: als tekst",
        "settings.stats_chart": "/stats: als grafiek",
        "button.deadlines_on": "⏰ Termijnen abonnementen: aan",
        "button.deadlines_off": "⏰ Termijnen abonnementen: uit",
        "button.weekly_on": "🗓 Weekoverzicht: aan",
        "button.weekly_off": "🗓 Weekoverzicht: uit",
        "button.stats_chart": "📊 Grafiek",
        "button.stats_text": "📝 Tekst",
        "console.photo": "[grafiek: PNG van {width}×{height} pixels, {size} bytes]",
    },
    "en": {
        "cmd.overdue": "Questions past their answer deadline",
        "cmd.stats": "Who answers on time: figures per ministry or party",
        "help.overdue": "open questions past their deadline, most overdue first (also per "
        "ministry, party or member)",
        "help.stats": "answer times per ministry (or party) as a chart, 12 months by default",
        "usage.stats": "Send /stats, /stats party, /stats BZ, /stats D66 6m or /stats 2024. A "
        "period is 30d, 8w, 6m, 1y, a year (2024), a month (2025-03) or "
        "2025-01-01..2025-03-31.",
        "deadline.note": "due {date}",
        "due_soon.heading": "Deadline soon",
        "overdue.heading": "Overdue",
        "overdue_postponed.heading": "Overdue after postponement",
        "overdue.title": "⌛ {count} open questions past their deadline",
        "overdue.title_one": "⌛ 1 open question past its deadline",
        "overdue.title_scope": "⌛ {count} open questions past their deadline: {scope}",
        "overdue.title_scope_one": "⌛ 1 open question past its deadline: {scope}",
        "overdue.none": "No open questions are past their deadline.",
        "overdue.none_scope": "No open questions are past their deadline: {scope}.",
        "overdue.line": "{days} days overdue, due {date}",
        "overdue.line_one": "1 day overdue, due {date}",
        "overdue.postponed": "after postponement",
        "overdue.unknown_scope": "I do not know “{text}” as a ministry (BZ, Financiën), party "
        "(D66) or member (Omtzigt).",
        "stats.unknown_scope": "I do not know “{text}” as a ministry (BZ, Financiën), party "
        "(D66) or member (Omtzigt). /stats alone shows every ministry.",
        "stats.bad_period": "“{text}” is not a period. Use 30d, 8w, 6m, 1y, a year (2024), a "
        "month (2025-03) or 2025-01-01..2025-03-31.",
        "stats.title": "📊 Answer times {since} to {until}",
        "stats.title_scope": "📊 Answer times {since} to {until}: {scope}",
        "stats.none": "No questions were asked in this period.",
        "stats.total": "All: {asked} asked, {answered} answered · median {median} · p90 {p90} · "
        "on time {on_time} · postponed {postponed} · open {open}, overdue {overdue}",
        "stats.group": "{asked} asked, {answered} answered · median {median}, p90 {p90}\n"
        "   on time {on_time} · postponed {postponed} · open {open}, overdue {overdue}",
        "stats.days": "{days} d",
        "stats.unknown": "–",
        "stats.other": "other",
        "stats.below": "The table follows below.",
        "stats.legend": "Median days to the answer; the line is the 21-day term.",
        "stats.chart_title": "Median days to answer",
        "stats.chart_on_time": "{pct} on time",
        "stats.chart_none": "no answer yet",
        "stats.chart_term": "21-day term",
        "weekly.title": "🗓 Weekly overview {since} to {until}",
        "weekly.answered": "✅ Answered ({count})",
        "weekly.overdue": "⌛ Overdue this week ({count})",
        "weekly.open": "⏳ Still open ({count})",
        "weekly.nothing": "Nothing answered, nothing overdue and nothing open among your "
        "subscriptions and followed cases.",
        "weekly.more": "… and {count} more",
        "digest.due_soon": "Deadline soon",
        "digest.overdue": "Overdue",
        "digest.overdue_postponed": "Overdue after postponement",
        "settings.deadlines_on": "Deadline alerts for subscriptions too: on",
        "settings.deadlines_off": "Deadline alerts: only for followed cases",
        "settings.weekly_on": "Weekly overview on Monday morning: on",
        "settings.weekly_off": "Weekly overview: off",
        "settings.stats_text": "/stats: as text",
        "settings.stats_chart": "/stats: as a chart",
        "button.deadlines_on": "⏰ Subscription deadlines: on",
        "button.deadlines_off": "⏰ Subscription deadlines: off",
        "button.weekly_on": "🗓 Weekly overview: on",
        "button.weekly_off": "🗓 Weekly overview: off",
        "button.stats_chart": "📊 Chart",
        "button.stats_text": "📝 Text",
        "console.photo": "[chart: a {width}×{height} pixel PNG, {size} bytes]",
    },
}
for _code, _block in _DEADLINE_STRINGS.items():
    STRINGS[_code].update(_block)
