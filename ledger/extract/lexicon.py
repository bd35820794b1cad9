"""Word lists the extractor's rules are built from: reporting cues and their stance, hedge
cues and their level, speaker vocabulary (titles, organisation words, group nouns), the
small closed classes (pronouns, honorifics, weekdays, months), and the vocabulary of the
frame rules (determiners, prepositions, date and venue heads, finite verbs).

Everything is lower-case and data-only, so a reviewer can audit the vocabulary in one place.
It is longer than 500 lines because it is word lists and nothing else: splitting it would
scatter the vocabulary that the rules share.
"""

from __future__ import annotations


def _forms(stance: str, *groups: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for group in groups:
        for word in group.split():
            out[word] = stance
    return out


#: reporting verbs (every inflection spelt out: no stemmer, so lookups are one dict probe)
CUE_STANCE: dict[str, str] = {
    **_forms(
        "neutral",
        "say says said saying tell tells told telling stated stating",
        "add adds added adding write writes wrote writing note notes noted noting",
        "explain explains explained explaining announce announces announced announcing",
        "declare declares declared declaring remark remarks remarked remarking",
        "comment comments commented commenting reply replies replied replying",
        "respond responds responded responding continue continues continued continuing",
        "recall recalls recalled recalling repeat repeats repeated repeating",
        "reiterate reiterates reiterated reiterating tweet tweets tweeted tweeting",
        "post posts posted ask asks asked asking answer answers answered answering",
        "testify testifies testified testifying mention mentions mentioned mentioning",
        "observe observes observed observing report reports reported reporting",
        "predict predicts predicted predicting promise promises promised promising",
        "pledge pledges pledged pledging vow vows vowed vowing conclude concludes concluded",
        "concluding recount recounts recounted explain describe describes described",
        "describing quip quips quipped joke jokes joked joking wonder wonders wondered",
        "told announce suggest suggests suggested suggesting retort retorts retorted",
        "fume fumes fumed ponder ponders pondered quip quipped muse mused shout shouted",
        "exclaim exclaimed tweet tweeted estimate estimates estimated imply implies implied",
        "mock mocks mocked scoff scoffs scoffed snap snapped lament laments lamented",
        "proclaim proclaims proclaimed gush gushed marvel marvels marveled marvelled",
        "yell yelled scream screamed whisper whispered chant chanted sneer sneered",
        "chide chided scold scolds scolded rail railed quip quips",
        "call calls called calling dub dubs dubbed label labels labeled labelled",
    ),
    **_forms(
        "factive",
        "admit admits admitted admitting acknowledge acknowledges acknowledged acknowledging",
        "confirm confirms confirmed confirming reveal reveals revealed revealing",
        "concede concedes conceded conceding disclose discloses disclosed disclosing",
        "recognise recognises recognised recognize recognizes recognized",
        "confess confesses confessed",
    ),
    **_forms(
        "assertive",
        "insist insists insisted insisting maintain maintains maintained maintaining",
        "assert asserts asserted asserting argue argues argued arguing warn warns warned",
        "warning accuse accuses accused accusing stress stresses stressed stressing",
        "emphasise emphasises emphasised emphasize emphasizes emphasized emphasizing",
        "counter counters countered contend contends contended contending charge charges",
        "charged deny denies denied denying complain complains complained complaining",
        "boast boasts boasted boasting demand demands demanded demanding urge urges urged",
        "urging assure assures assured assuring",
    ),
    **_forms(
        "belief",
        "think thinks thought believe believes believed expect expects expected",
        "suspect suspects suspected fear fears feared worry worries worried hope hopes",
        "hoped feel feels felt doubt doubts doubted",
    ),
    **_forms(
        "distancing",
        "claim claims claimed claiming allege alleges alleged alleging purport purports",
        "purported reportedly rumoured rumored supposedly allegedly",
    ),
    "according to": "neutral",
    "pointed out": "neutral",
    "points out": "neutral",
    "went on": "neutral",
    "is believed to": "distancing",
    "are believed to": "distancing",
    "was believed to": "distancing",
    "is said to": "distancing",
    "are said to": "distancing",
    "is thought to": "distancing",
    "is reported to": "distancing",
    "is expected to": "belief",
    "are expected to": "belief",
}

#: cues whose content must be a clause (that-, wh-, quote, colon, or a clause-looking
#: complement); a bare noun object ("repeated those warnings") is an action, not a statement
WEAK_CUES = frozenset(
    """repeat repeats repeated repeating reiterate reiterates reiterated reiterating
    confirm confirms confirmed confirming acknowledge acknowledges acknowledged
    acknowledging announce announces announced announcing reveal reveals revealed
    revealing predict predicts predicted promise promises promised pledge pledges
    pledged vow vows vowed note notes noted noting explain explains explained
    describe describes described describing recall recalls recalled recount recounts
    recounted mention mentions mentioned observe observes observed report reports
    reported reporting post posts posted comment comments commented remark remarks
    remarked answer answers answered ask asks asked asking continue continues
    continued continuing stress stresses stressed emphasise emphasised emphasize
    emphasized maintain maintains maintained counter countered charge charges charged
    demand demands demanded urge urges urged urging complain complains complained
    think thinks thought believe believes believed expect expects expected suspect
    suspects suspected fear fears feared worry worries worried hope hopes hoped feel
    feels felt doubt doubts doubted admit admits admitted admitting concede concedes
    conceded disclose disclosed recognise recognised recognize recognized conclude
    concludes concluded quip quipped joke joked wonder wonders wondered testify
    testified testifies deny denies denied denying boast boasted tweet tweets tweeted
    write writes wrote suggest suggests suggested suggesting ponder ponders pondered
    estimate estimates estimated imply implies implied predicting promising pledging
    vowing noting explaining describing recalling acknowledging admitting conceding
    denying suggesting stressing""".split()
)

#: naming cues ("called her “third-rate”") count only when what follows holds a quote
QUOTE_ONLY_CUES = frozenset(
    "call calls called calling dub dubs dubbed label labels labeled labelled describe describes described describing".split()
)

#: participles that hang a statement on the subject of the main clause ("..., saying ...")
PARTICIPLE_CUES = frozenset(
    "saying adding noting telling arguing claiming warning insisting stressing explaining "
    "declaring accusing asserting suggesting calling describing predicting promising "
    "vowing acknowledging admitting conceding recalling alleging denying stating "
    "announcing writing tweeting asking".split()
)

#: words that may sit between the speaker and the cue ("has also said", "later told")
AUX_BETWEEN = frozenset(
    """has have had also previously later earlier again repeatedly once recently then
    publicly privately cautiously quickly simply flatly firmly angrily openly long already
    often always did does do would will could may might should must not never just even
    still first further separately specifically explicitly has've 's 've 'd ’s ’d ’ve
    had been be being is was are were n't shall can""".split()
)

#: words that can be part of a speaker phrase although written in lower case
NP_LOWER = frozenset(
    """director spokesperson spokesman spokeswoman minister ministry officials official
    president secretary senator analysts analyst experts expert sources source aides aide
    advocates adviser advisers advisor advisors leader leaders lawmakers legislators
    critics residents authorities police prosecutors prosecutor investigators campaign
    government administration department office committee party people voters supporters
    members member staff chief chairman chairwoman chair ceo executive executives
    spokespeople representatives representative diplomats diplomat economists economist
    strategists strategist pollster pollsters researchers researcher scientists scientist
    officers officer manager managers head founder professor correspondent reporter
    reporters editor editors journalist journalists observers activists protesters
    opponents allies ally candidate candidates nominee challenger rival rivals governor
    mayor ambassador envoy general commander military army ministry's agency board
    council court judge judges justice lawyers lawyer attorney attorneys counsel
    organizers organisers statement study survey poll report document documents letter
    memo filing lawsuit complaint spokesmen surrogate surrogates donors donor host
    anchor moderator panel panelists commentators commentator insiders insider
    republicans democrats conservatives liberals progressives economists historians
    doctors doctor nurses workers union unions teachers students parents family friends
    friend colleague colleagues neighbour neighbor neighbours neighbors witnesses witness
    victims victim owner owners partner partners developer developers company firm
    bank newspaper paper magazine network channel outlet website site group groups
    team administrator farmers growers traders pilots miners drivers tenants""".split()
)

#: modifiers allowed inside a speaker phrase ("top US officials", "a senior aide")
NP_MODIFIERS = frozenset(
    """the a an top senior former foreign deputy vice acting local federal state other
    many some several two three four five both most military intelligence defense defence
    press campaign communications political democratic republican health news election
    white his her their its our my your chief national regional international interior
    security finance economic trade justice public private prime general own longtime
    longtime veteran current new outgoing incoming junior lead leading independent
    conservative liberal progressive legal medical us u.s. american chinese russian
    ukrainian british european""".split()
)

#: heads that make a phrase an organisation
ORG_WORDS = frozenset(
    """ministry department house government agency office committee party campaign
    administration council commission court police army military company corp corp.
    inc inc. ltd times post news journal reuters press network bureau kremlin pentagon
    university institute union bank foundation association group organisation
    organization center centre senate congress parliament cabinet embassy consulate
    fbi cia nsa nato un eu who imf opec board service services forces navy airforce
    tribunal corporation magazine newspaper website channel cnn bbc cbs nbc abc msnbc
    fox afp ap xinhua tass bloomberg politico axios guardian telegraph economist
    tribune herald globe gazette review daily weekly committee commission secretariat
    authority utility airline council federation league ministry firm company
    ministry's regime state-run council""".split()
)

#: countries, capitals and seats of government used as metonyms for a government
PLACE_METONYMS = frozenset(
    """beijing moscow washington kyiv kiev tehran pyongyang london paris berlin tokyo
    brussels seoul delhi islamabad ankara riyadh cairo jerusalem minsk taipei hanoi
    havana caracas ottawa canberra rome madrid warsaw budapest kabul baghdad damascus
    china russia ukraine iran us u.s. usa america britain uk u.k. eu nato un belarus
    taiwan india japan germany france israel turkey pakistan syria iraq poland hungary
    canada mexico brazil australia italy spain egypt saudi korea venezuela cuba
    whitehall downing kremlin pentagon""".split()
)

#: plural heads of an unnamed group of speakers
GROUP_HEADS = frozenset(
    """officials analysts experts sources aides advocates advisers advisors leaders
    lawmakers legislators critics residents authorities prosecutors investigators people
    voters supporters members staff executives spokespeople representatives diplomats
    economists strategists pollsters researchers scientists officers managers reporters
    editors journalists observers activists protesters opponents allies candidates
    rivals judges lawyers attorneys organizers organisers spokesmen surrogates donors
    panelists commentators insiders republicans democrats conservatives liberals
    progressives historians doctors nurses workers teachers students parents friends
    colleagues neighbours neighbors witnesses victims owners partners developers police
    groups farmers workers residents growers traders merchants pilots miners drivers
    nurses shoppers tenants landlords""".split()
)

#: title words that separate a role from the name that follows it
TITLES = frozenset(
    """president director spokesperson spokesman spokeswoman minister secretary senator
    sen sen. rep rep. representative gov gov. governor mayor chairman chairwoman chair ceo
    chief leader ambassador envoy general gen gen. adviser advisor aide judge justice
    attorney prosecutor commissioner premier chancellor king queen prince princess pope
    candidate nominee speaker official head founder professor prof prof. correspondent
    reporter editor analyst economist strategist manager pollster commander lt lt. col
    col. sgt sgt. capt capt. admiral adm adm. colonel lieutenant captain sergeant
    cardinal bishop rabbi imam sheikh lawyer counsel host anchor columnist author
    co-founder chairperson deputy vice-president vp executive treasurer lawmaker
    congressman congresswoman councilman councilwoman councillor councilor
    superintendent inspector detective officer dean principal coach administrator
    commissioner regulator voter resident activist supporter delegate volunteer organizer
    organiser pastor teacher student veteran moderator""".split()
)

#: singular heads of a person known by a role ("a spokeswoman for X", "a member of the
#: board"): the titles and a few nouns that name a position without being a title
ROLE_NOUNS = TITLES | frozenset("member source employee staffer worker insider observer".split())
#: prepositions that tie a role or a group to whom it speaks for ("a spokeswoman for X",
#: "officials at X", "authorities in Millbrook", "Martin Hale of Kessler Chemicals")
AFFILIATION_PREPS = frozenset("for at with of from in".split())
#: heads of a thing that shows or reports ("the latest samples suggest", "the report
#: said"): a source as written, never a speaker (and, inside what someone else reports,
#: no statement of its own)
INANIMATE_HEADS = frozenset(
    """samples sample data figures numbers results findings evidence report reports study
    studies analysis survey surveys poll polls document documents records filing filings
    memo letter email statement statements tests test readings statistics research model
    models footage video photos images tally tallies count counts chart charts map maps
    review reviews audit audits paper papers analyses projections""".split()
)

#: heads of a share of people ("47 percent say", "Nearly half of voters said", "six in 10
#: said"): an unnamed group, as polls report them
QUANTITY_HEADS = frozenset(
    """percent % half third thirds quarter quarters majority majorities minority plurality
    most fifth fifths""".split()
)
#: words of a quantity phrase before its head ("A mere 9", "More than six in", "About")
QUANTITY_WORDS = frozenset(
    """a an about nearly almost just over under around roughly some only mere more than
    less fewer at least most in one two three four five six seven eight nine ten eleven
    twelve fifteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    two-thirds three-quarters three-fourths""".split()
)

HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady madam".split())
MALE_HONORIFICS = frozenset("mr mr. sir lord".split())
FEMALE_HONORIFICS = frozenset("mrs mrs. ms ms. miss dame lady madam".split())

PRONOUNS = {
    "he": "male",
    "she": "female",
    "they": "plural",
    "it": "neuter",
    "i": "self",
    "we": "self",
    "you": "self",
    "who": "relative",
}

#: words that start a sentence but are never part of a speaker's name
SENTENCE_FUNCTION = frozenset(
    """however but and or so yet still also then meanwhile moreover instead indeed
    thus hence nonetheless nevertheless furthermore additionally later earlier now
    today yesterday after before when while although though because since if as
    in on at by for from with without of to into over under about during against
    this that these those there here it's what which where why how despite amid
    asked speaking writing""".split()
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}


#: hedge cues → level (design.md §3: low = probable, medium = possible, high = open).
#: Keys are regex fragments matched case-insensitively at word boundaries; the longest
#: alternative wins because the compiled pattern lists them longest first.
HEDGE_CUES: dict[str, str] = {
    # high: the speaker leaves the question open
    r"whether(?: or not)?": "high",
    r"unclear": "high",
    r"not (?:yet )?(?:clear|known|certain|sure)": "high",
    # "no evidence that/to suggest …" leaves a proposition open; "no evidence of X" (a thing
    # not seen) is a denial: committed, polarity negative (design.md §3, FactBank CT-)
    r"no (?:hard |direct |firm |clear )?(?:evidence|proof|indication|sign)s?(?! of\b)": "high",
    r"(?:little|scant|without) (?:hard |direct |firm |clear )?(?:evidence|proof|indication|sign)s?": "high",
    r"(?:is|was|are|were|remains?|remained|still|largely|currently) unknown": "high",
    r"uncertain(?:ty)?": "high",
    r"unconfirmed": "high",
    r"unproven": "high",
    r"unverified": "high",
    r"(?:is|are|was|were|been|be) considering": "high",
    r"(?:has|have) yet to": "high",
    r"yet to be (?:determined|decided|confirmed|seen)": "high",
    r"remains? to be seen": "high",
    r"little is known": "high",
    # "don't see that a decision has been made" is uncommitted; "don't see (any) evidence
    # of X" is the denial "no evidence of X"
    r"(?:do|does|did)(?: not|n['’]t) (?:see|know)(?! (?:any |the )?(?:evidence|proof|indication|signs?) of\b)": "high",
    # an open question marked by "yet": "has not yet decided", "no decision has been made
    # yet" (a plain "is not yet open" is a committed negative)
    r"not yet (?:decided|decide|determined|known|clear|settled|agreed|confirmed|established|chosen|ruled|made)": "high",
    r"(?:no|any) (?:final |firm )?(?:decision|determination|conclusion)s? (?:has|have|had) (?:yet )?been (?:made|reached|taken)": "high",
    r"(?:not|(?:has|have|had)n['’]t) (?:yet )?decided(?= (?:whether|if|on|how|when|what|which|yet)\b)": "high",
    r"(?:investigat(?:e|es|ed|ing)|determine|assess|evaluate|verify) whether": "high",
    r"wonder(?:s|ed|ing)?": "high",
    r"open question": "high",
    r"questionable": "high",
    r"speculat(?:e|es|ed|ion|ive)": "high",
    r"rumou?r(?:s|ed)?": "high",
    # medium: possible
    r"may(?: or may not)?": "medium",
    r"might": "medium",
    # past ability with a verb of perception is what happened ("I could smell it"), not a
    # possibility; see docs/extraction.md, "Past modals"
    r"could(?! (?:not|see|smell|hear|feel|taste|sense|make out|still|always|hardly|barely|only|clearly)\b)": "medium",
    r"would(?! (?:become|later|eventually|never|often|soon|finally|rather|go on|continue|remain|then|usually|always|sometimes|frequently|subsequently|again)\b)": "medium",
    r"perhaps": "medium",
    r"maybe": "medium",
    r"possib(?:ly|ility|ilities)": "medium",
    r"(?:(?:is|was|are|were|be|been|it['’]s|seems|remains|quite|very|entirely|also|not) )possible|possible(?= that| if)": "medium",
    r"potentially": "medium",
    r"appear(?:s|ed|ing)?(?= to| that| as|ly)": "medium",
    r"apparently": "medium",
    r"seem(?:s|ed|ing|ingly)?": "medium",
    r"suggest(?:s|ed|ing|ion|ions|ive)?": "medium",
    r"indicat(?:e|es|ed|ing)": "medium",
    r"impl(?:y|ies|ied)": "medium",
    r"(?:al)?leged(?:ly)?": "medium",
    r"alleg(?:e|es|ing)": "medium",
    r"accus(?:ed|ation|ations|ing)(?= of| that)": "medium",
    r"purported(?:ly)?": "medium",
    r"supposed(?:ly)?": "medium",
    r"reportedly": "medium",
    r"reputed(?:ly)?": "medium",
    r"suspect(?:s|ed)?": "medium",
    r"suspicion": "medium",
    r"if": "medium",
    r"unless": "medium",
    r"in case": "medium",
    r"assum(?:e|es|ed|ing|ption)": "medium",
    r"presum(?:e|ed|ably|ption)": "medium",
    r"hypothes(?:is|es|ized|ised)": "medium",
    r"putative": "medium",
    r"fear(?:s|ed)?(?= that| it| the)": "medium",
    r"worr(?:y|ies|ied)(?= that)": "medium",
    # low: probable
    r"(?:most |more |very |highly )?likely": "low",
    r"unlikely": "low",
    r"probabl(?:e|y)": "low",
    r"(?:almost|nearly) certain(?:ly)?": "low",
    r"expect(?:s|ed|ation|ations)?": "low",
    r"believ(?:e|es|ed|ing)": "low",
    r"belief": "low",
    r"think(?:s|ing)?": "low",
    r"thought(?= to| that| of as)": "low",
    r"(?:is|are|was|were|be|been|being|widely|generally|often|commonly) (?:considered|regarded|viewed|deemed|perceived|reckoned)|(?:is|are|was|were|be|been|being|widely|generally|often|commonly) seen as": "low",
    r"consider(?:s|ed)? (?:it|them|him|her|that|to)": "low",
    r"(?:we|i)['’](?:re|m) (?:confident|sure|convinced)": "low",
    r"confident(?= that| the| it)": "low",
    r"ought to": "low",
    r"estimat(?:e|es|ed)(?= that)": "low",
    r"predict(?:s|ed|ion|ions)?": "low",
    r"projected": "low",
    r"forecast(?:s)?": "low",
    r"idea that": "low",
    r"view that": "low",
}

#: finite past-tense reporting verbs: a "would" in the clause they report may be the
#: reported "will" moved into the past ("said the inquiry would report within three
#: months"), see `hedging._backshifted`
BACKSHIFT_VERBS = frozenset(
    """said told stated added wrote announced claimed promised predicted declared insisted
    argued warned explained reported indicated agreed vowed pledged confirmed revealed
    replied answered assured informed noted acknowledged admitted decided signalled
    signaled hinted mentioned disclosed testified tweeted posted emailed""".split()
)
#: of those, the verbs that announce or commit: what they report is a plan, not a guess
ANNOUNCING_VERBS = frozenset(
    "announced promised pledged vowed confirmed decided agreed declared assured".split()
)
#: subjects of a reported "would" that make it the speaker's stated plan ("she said she
#: would nominate him"); "it"/"that" are left out ("said it would be a mistake")
PLAN_SUBJECTS = frozenset("i we he she they".split())


# --- The frame rules' vocabulary (attribution.py, phrases.py, cues.py, content.py) ---

#: one-word reporting cues
CUE_WORDS = frozenset(k for k in CUE_STANCE if " " not in k)
#: words a cue may start with: one-word cues and the first words of phrasal ones
#: ("according to", "pointed out", "went on", "wrote back", "put it", "read")
CUE_FIRST = CUE_WORDS | frozenset(
    "according pointed points went goes wrote writes shot fired hit put puts read reads".split()
)
#: a paragraph without any of these words (and no quote mark or colon) holds no statement
#: (the verbs of "is believed to" and the like stand for their phrases: "is" or "was" alone
#: would make nearly every paragraph interesting)
INTEREST_WORDS = CUE_FIRST | frozenset(
    """believed said thought reported rumored rumoured expected understood alleged suspected
    reportedly allegedly purportedly""".split()
)
#: base forms of cues: verbs only after a pronoun, a plural subject or an auxiliary
BASE_FORMS = frozenset(
    """say tell state add write note explain announce declare remark comment reply respond
    continue recall repeat reiterate tweet post ask answer testify mention observe report
    predict promise pledge vow conclude recount describe quip joke wonder admit acknowledge
    confirm reveal concede disclose recognise recognize insist maintain assert argue warn
    accuse stress emphasise emphasize counter contend charge deny complain boast demand
    urge think believe expect suspect fear worry hope feel doubt claim allege purport""".split()
)
#: words before a base-form cue that make it a verb ("they say", "would claim")
BASE_OK_BEFORE = frozenset(
    "i we they you would will did does do can could may might should must to also".split()
)
#: words after which a cue word is a noun ("the claims", "his statement")
NOT_VERB_BEFORE = frozenset("the a an this that these those his her their its our my your".split())
#: cue words that are also nouns ("his remarks", "a sharp retort")
NOUN_CUES = frozenset(
    """comment comments remark remarks claim claims report reports warning warnings call
    calls answer answers reply replies tweet tweets post posts promise promises pledge
    pledges vow vows quip quips joke jokes retort retorts fear fears hope hopes doubt doubts
    demand demands charge charges counter counters estimate estimates lament laments boast
    boasts whisper whispers chant chants label labels note notes worry worries comment
    response responses statement statements""".split()
)
#: adverbs that mark hearsay ("X allegedly plotted") but are no reporting verb; the
#: extractor keeps them as unattributed claims
CUE_ADVERBS = frozenset("reportedly allegedly supposedly purportedly".split())
#: cues whose passive names the speaker after "by" ("Roe was asked by the host whether")
PASSIVE_BY = frozenset("asked told pressed urged warned questioned challenged".split())
#: cues whose object is the addressee, not the speaker ("…, Roe told the mayor")
TELL_CUES = frozenset("tell tells told telling informed assured reminded".split())
#: cues followed by an addressee to step over before the content ("told reporters that")
OBJECT_SKIP = frozenset(
    """tell tells told telling ask asks asked asking warn warns warned warning assure assures
    assured remind reminds reminded inform informs informed promise promises promised urge
    urged""".split()
)
#: addressees that are pronouns ("told them")
OBJECT_PRONOUNS = frozenset("me us him her them you it".split())

#: forms of "be": before a cue they make a passive ("was told"), no attribution
BE_FORMS = frozenset("is was are were be been being 's ’s".split())
#: finite verbs that show a venue phrase has ended and the content begun
CONTENT_VERBS = frozenset(
    """is are was were will would could can may might should must has have had do does did
    isn't aren't wasn't weren't won't wouldn't can't hasn't haven't didn't doesn't don't""".split()
)
#: finite verbs that make a weak cue's complement a clause (curly negations too)
FINITE_VERBS = CONTENT_VERBS | frozenset(
    "isn’t aren’t wasn’t weren’t hasn’t haven’t didn’t doesn’t don’t won’t wouldn’t can’t".split()
)
#: past tenses without "-ed", for telling a verb from a plural noun
IRREGULAR_PAST = frozenset(
    """spoke met went came gave took made held sent began ran won lost led left kept put set
    brought bought found saw became stood sat spent paid heard fought sought struck hit cut
    let knew grew threw drew rose fell broke chose drove flew rode shook swore tore woke wore
    got built dealt meant sold stuck swung taught understood withdrew""".split()
)
#: "-ing" words that are no participle ("nothing", "King")
ING_NOUNS = frozenset("nothing something everything anything thing king spring".split())
#: subject pronouns that make a weak cue's complement a clause ("noted he was …")
SUBJECT_PRONOUNS = frozenset("he she they it we i you there".split())
#: words that open a clausal complement ("asked whether", "noted that")
WH_WORDS = frozenset("that whether if how why what when who where which".split())
#: a relative clause pointing back to the speaker ("Roe, who …, said")
RELATIVES = frozenset("who whose".split())
#: contractions of "is"/"has" that look like possessives ("he’s", "that's")
CONTRACTED = frozenset(
    "he’s she’s it’s that’s who’s there’s what’s he's she's it's that's who's there's what's".split()
)

#: determiners and possessives that open a common-noun speaker phrase ("the retired surgeon")
DETERMINERS = frozenset(
    "the a an another one his her their its our my your this that these those some many several both each every".split()
)
#: possessive pronouns, which may sit inside a speaker phrase
POSSESSIVE_PRONOUNS = frozenset("his her their its our my your".split())
#: function words that are never the head of a speaker phrase
NOT_HEAD = frozenset(
    """that which who whom whose what when where why how it this there then than as and or but
    not also just only even still so too very much more most less to of in on at for with by
    from into onto about over under after before since until while during against between
    through without within upon via per like unlike if because though although whether
    almost nearly actually really""".split()
)
#: reflexives and asides that may sit between a speaker and the cue ("Roe herself said",
#: "Roe, however, said")
REFLEXIVES = frozenset("himself herself itself themselves".split())
ASIDES = frozenset("however though too instead meanwhile nonetheless therefore".split())
#: prepositions inside a speaker phrase ("a spokesman for the ministry")
PHRASE_PREPS = frozenset("of for at with from".split())
PREPOSITIONS = frozenset(
    """of in on at to for from with by about over during after before while as into upon
    under against without""".split()
)
SUBORDINATORS = frozenset(
    "though although if when while as because after before since unless until whereas and".split()
)

#: date words that may sit next to a cue ("said Tuesday", "earlier told")
DATE_WORDS = frozenset(WEEKDAYS) | {"yesterday", "today", "tonight", "earlier", "later", "recently"}
#: heads of a date phrase, which is never a speaker ("Saturday", "last week")
DATE_HEADS = (
    frozenset(WEEKDAYS)
    | frozenset(MONTHS)
    | frozenset(
        """yesterday today tonight week weekend month year morning afternoon evening night
        day time years months weeks days minute minutes hour hours moment moments""".split()
    )
)
#: heads of a venue phrase ("in a statement", "at a news conference")
VENUE_HEADS = frozenset(
    """statement interview tweet speech post letter email e-mail op-ed release conference
    briefing rally hearing debate appearance event meeting call podcast video broadcast
    message note memo report remarks address session testimony town hall""".split()
)
#: venue heads that end a content even without a comma ("… within a month in a statement")
STRICT_VENUES = frozenset(
    "interview statement speech briefing conference tweet post email e-mail op-ed letter".split()
)
#: prepositions that open a venue phrase
TAIL_PREPS = frozenset("in at during on via".split())

#: where reported content ends: ";", a linking word before the next frame, an adjunct
#: ("while adding …"), or after a quote ending in a comma ("“We will see,” when asked …")
CLAUSE_STOPS = frozenset(";")
CLAUSE_LINKS = frozenset("while whereas but and although though as because ; , — –".split())
ADJUNCT_OPENERS = frozenset("while before after when".split())
AFTER_QUOTE_STOPS = frozenset("when as after before while because since although though".split())

#: articles: a speaker phrase drops them ("the ministry"); no verb of a clause is one
ARTICLES = frozenset("the a an".split())
#: what may join a quote to the attribution just before it ("…, Roe said, but “…”")
QUOTE_JOINERS = frozenset(", but and : — – though yet".split())
