"""Write sample_data/network.json: the fictional network of Sam Rivera, used by --demo and tests.

Sam Rivera is an independent mortgage broker in Columbus, Ohio (Rivera Home Lending). He
networks through his BNI chapter (Tuesday breakfasts), the Chamber's Thursday mixers,
LinkedIn, and the articles he writes; his library of things worth sharing (his own
guides, and a few from people in his network) is `LIBRARY`. The people, their histories
and the library below are written by hand; this script only turns "N days before the
export, at HH:MM" into ISO times with the right offset, derives ids, stage dates and history, `last_interaction_at`, who wrote
each message and who introduced whom, and checks the result (stage consistency, who is
due) so the file stays believable when edited.

The method's moments are all in it: givers owed thanks (Zach Morgan's and Derek
Washington's recent referrals, not yet answered), a quiet request (Amanda Price, answered
four weeks ago, no reply), reminders (one due on the day, one ahead) and an introduction
logged on both sides (Kevin Tran and Grace Okonkwo, linked). The library fits the needs
of a dozen people; Priya Natarajan already had the pre-approval checklist (its
`resource_id` on the `gave`), so it is not offered to her again.

Run from the repository root:  python bench/make_sample.py
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("America/New_York")
EXPORTED_AT = datetime(2026, 11, 18, 7, 45, tzinfo=ZONE)  # a Wednesday morning
NAMESPACE = uuid.UUID("6f1d2c1e-3b7a-4e0f-9a51-2d8e5f7c9b10")
CADENCE = {"met": 7, "talked": 14, "gave_value": 30, "trusted": 60}
OUT = Path(__file__).resolve().parent.parent / "sample_data" / "network.json"

# Day offsets count back from the export day: 1 is Tuesday (BNI breakfast day),
# 6 is the Thursday before (Chamber mixer), and so on every 7 days.


@dataclass
class Person:
    name: str
    company: str
    title: str
    stage: str
    met_at: str
    history: list[tuple]  # (days_before, "HH:MM", kind, summary[, value])
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    needs: str = ""
    source: str = "manual"
    notes: str = ""
    created: tuple[int, str] | None = None  # default: the first interaction
    archived: bool = False
    snooze_days: int | None = None  # snoozed until this many days after the export
    cadence_days: int | None = None
    trusted_since: int | None = None  # day offset of the move to Trusted, if logged
    reminder: tuple[int, str] | None = None  # (days after the export, the next step)


PEOPLE: list[Person] = [
    # --- Trusted: long histories, the people who send Sam business and whom he sends it to
    Person(
        "Dana Whitfield", "Whitfield & Co. Realty", "Broker / Owner", "trusted", "BNI breakfast",
        emails=["dana@whitfieldrealty.example.com"], phones=["(614) 555-0142"],
        urls=["https://whitfieldrealty.example.com"],
        tags=["bni", "referral-partner", "realtor", "power-team"],
        expertise=["residential real estate", "first-time buyers", "Clintonville market"],
        needs="winning more listings from empty-nesters who are ready to downsize",
        notes="Power-team partner since 2021. Sends me most of her buyers' pre-approvals. "
        "Two kids at Whetstone; huge Crew fan.",
        created=(118, "20:10"),
        reminder=(0, "send her the seminar flyer draft before the chapter meeting"),
        history=[
            (118, "20:12", "note", "Added from my old spreadsheet: BNI power-team partner since 2021"),
            (113, "08:40", "meeting", "1-2-1 after the chapter meeting: her fall listing pipeline"),
            (99, "10:15", "gave", "Referred the Hadleys to her: selling the family house and downsizing", "referral"),
            (75, "16:30", "received", "Referred Ben and Tia Okafor, first-time buyers looking in Westerville", "referral"),
            (74, "09:05", "message", "Thank-you note for the Okafor referral, with a Crew ticket"),
            (67, "12:30", "call", "Call about the Hadley listing price and the timing of their next purchase"),
            (54, "08:45", "gave", "Feedback on her new listing presentation: lead with the net sheet", "feedback"),
            (40, "15:00", "meeting", "Coffee: planning a joint first-time-buyer seminar for the spring"),
            (22, "11:20", "received", "Referred the Castillos, relocating from Dayton, pre-approval by Friday", "referral"),
            (21, "08:10", "message", "Told her the Castillos are pre-approved at $410k; thanked her"),
            (15, "17:30", "gave", "Referred the Nguyens, selling their Clintonville bungalow, to her", "referral"),
            (8, "08:35", "meeting", "1-2-1 after chapter: split the seminar work, she books the library room"),
        ],
    ),
    Person(
        "Marcus Bell", "Bell Estate Law", "Estate Planning Attorney", "trusted", "BNI breakfast",
        emails=["marcus@bellestatelaw.example.com"], phones=["614-555-0117"],
        urls=["https://bellestatelaw.example.com"],
        tags=["bni", "referral-partner", "attorney"],
        expertise=["estate law", "trusts and probate", "elder law", "titling a second home"],
        needs="reaching clients who just bought a second home and haven't thought about titling or a trust",
        notes="Chapter president last year. Quiet, precise, very generous with his time.",
        created=(118, "20:20"),
        history=[
            (118, "20:21", "note", "Added from my old spreadsheet: BNI member since 2020"),
            (106, "08:40", "meeting", "1-2-1: how he explains trusts to first-time clients"),
            (92, "14:10", "gave", "Sent him my summary of how lenders treat property held in a trust", "information"),
            (81, "10:00", "gave", "Referred the Hadleys for the deed and trust work after their sale", "referral"),
            (48, "17:05", "received", "Referred Mrs. Ellison, recently widowed, refinancing to keep the house", "referral"),
            (47, "08:30", "message", "Thanked him for the Ellison referral and asked how I can support him this quarter"),
            (29, "12:15", "meeting", "Lunch at the Athletic Club: he wants introductions to CPAs"),
            (27, "09:00", "gave", "Introduced him to Kevin Tran for clients who need estate and tax work together", "introduction"),
            (15, "16:40", "call", "Mrs. Ellison's refinance closed; updated him"),
        ],
    ),
    Person(
        "Ruth Adeyemi", "Near East Side Housing Collaborative", "Board Chair (retired bank VP)",
        "trusted", "Mortgage Bankers Association lunch",
        emails=["ruth.adeyemi@example.org"], phones=["(614) 555-0101"],
        tags=["mentor"],
        expertise=["commercial lending", "working with underwriters", "building a book of business"],
        needs="finding board members for the Near East Side Housing Collaborative",
        notes="My mentor since 2015. Monthly lunch, first Friday. Tells me the truth.",
        created=(119, "19:00"), cadence_days=30,
        history=[
            (119, "19:02", "note", "Added: mentor since 2015, monthly lunch"),
            (117, "12:00", "meeting", "Monthly lunch: talked through going independent, year two"),
            (89, "12:00", "meeting", "Monthly lunch: she asked about my referral sources by percentage"),
            (82, "18:30", "received", "Reviewed my rate-lock process: stop promising closing dates I don't control", "feedback"),
            (61, "12:00", "meeting", "Monthly lunch: the seminar idea, and her board's search for members"),
            (41, "09:45", "received", "Introduced me to Andre Thompson at the housing collaborative", "introduction"),
            (40, "10:10", "message", "Thanked her for the intro to Andre; asked what the board needs most"),
            (33, "12:00", "meeting", "Monthly lunch: she wants a lender's voice on the board"),
            (12, "17:20", "call", "Called to say I'll think seriously about the board seat"),
        ],
    ),
    Person(
        "Kevin Tran", "Tran Tax & Advisory", "CPA, Partner", "trusted", "BNI breakfast",
        emails=["kevin@trantax.example.com", "ktran.cpa@example.net"], phones=["614-555-0156"],
        urls=["https://trantax.example.com"],
        tags=["bni", "referral-partner", "cpa"],
        expertise=["taxes for the self-employed", "1099 income", "S-corp elections"],
        needs="handing off monthly bookkeeping clients to a reliable bookkeeper",
        notes="Knows how underwriters read a tax return better than most underwriters.",
        created=(118, "20:30"),
        reminder=(2, "send him the self-employed borrower checklist for his January clients"),
        history=[
            (118, "20:31", "note", "Added from my old spreadsheet: BNI, met 2021"),
            (110, "08:40", "meeting", "1-2-1: which of his clients are thinking about buying"),
            (95, "13:30", "received", "Walked me through reading a Schedule C the way underwriters do", "information"),
            (77, "11:00", "gave", "Referred a landscaping client of mine who needs an S-corp review", "referral"),
            (50, "08:40", "meeting", "1-2-1: tax season capacity, he can't keep doing bookkeeping"),
            (20, "10:30", "gave", "Introduced him to Grace Okonkwo, bookkeeper who wants CPA partners", "introduction"),
            (10, "15:15", "call", "He and Grace signed their first shared client"),
        ],
    ),
    Person(
        "Lisa Moreno", "Buckeye Title Agency", "Escrow Officer", "trusted", "Realtor open house",
        emails=["lmoreno@buckeyetitle.example.com"], phones=["(614) 555-0123"],
        tags=["referral-partner", "title"],
        expertise=["title insurance", "closings", "escrow", "clearing title defects"],
        needs="getting loan files early enough to clear title without a scramble",
        notes="Has saved at least three of my closings. Send her files early.",
        created=(117, "21:00"),
        history=[
            (117, "21:01", "note", "Added: closing partner since 2019"),
            (103, "11:45", "call", "Lien on the Baker file: she found the release"),
            (88, "14:00", "meeting", "Closing for the Parks; lunch after"),
            (60, "10:00", "meeting", "Okafor closing at her office"),
            (39, "09:20", "gave", "Feedback on her new closing-day checklist for buyers", "feedback"),
            (26, "13:10", "call", "Ellison refinance: title search came back clean"),
        ],
    ),
    Person(
        "Janet Liu", "Liu Wealth Partners", "Financial Planner, CFP", "trusted", "Chamber mixer",
        emails=["janet@liuwealth.example.com"], phones=["614-555-0138"],
        urls=["https://liuwealth.example.com"],
        tags=["chamber", "referral-partner", "financial-planner"],
        expertise=["retirement income planning", "Social Security timing", "downsizing decisions"],
        needs="meeting clients over 60 who are deciding whether to downsize",
        notes="Former client (2020 refinance). We refer to each other a couple of times a year.",
        created=(118, "20:40"),
        history=[
            (118, "20:41", "note", "Added: former client, referral partner"),
            (115, "12:30", "meeting", "Lunch: her retiree clients keep asking about reverse mortgages"),
            (97, "09:30", "gave", "Referred the Hadleys to her before they sell: retirement plan first", "referral"),
            (83, "16:00", "call", "Call: what a reverse mortgage would do to a client's plan"),
            (64, "12:15", "meeting", "Lunch: she asked for clients thinking about downsizing"),
        ],
    ),
    Person(
        "Tom Kowalski", "Kowalski Insurance Group", "Independent Insurance Agent", "trusted",
        "BNI breakfast",
        emails=["tom@kowalskiins.example.com"], phones=["(614) 555-0164"],
        tags=["bni", "referral-partner", "insurance"],
        expertise=["homeowners insurance", "umbrella policies", "flood zones", "commercial insurance"],
        needs="finding contractors and small businesses that need commercial insurance",
        notes="Answers the phone on Saturdays. Quotes within a day, which saves closings.",
        created=(116, "21:10"),
        history=[
            (116, "21:11", "note", "Added: BNI, my go-to for homeowners quotes"),
            (113, "08:40", "meeting", "1-2-1: flood-zone quotes for the new Scioto developments"),
            (70, "10:40", "gave", "Sent him the Okafors for homeowners and auto", "referral"),
            (43, "08:40", "meeting", "1-2-1: he wants more commercial clients"),
            (36, "19:30", "message", "Congratulated him on 20 years in business"),
            (12, "09:30", "gave", "Feedback on his BNI feature presentation: tell the flood-claim story", "feedback"),
            (5, "11:00", "call", "Quote for the Castillos by Monday; talked about his daughter's college search"),
        ],
    ),
    Person(
        "Aisha Rahman", "Scioto Valley Hospital", "Nurse Manager", "trusted",
        "refinance client (2022)",
        emails=["aisha.rahman@example.com"], phones=["614-555-0189"],
        tags=["client", "referral-source"],
        expertise=["nursing", "hospital hiring"],
        needs="getting a family member into a duplex with an FHA loan",
        notes="Refinanced her in 2022. Has referred three coworkers since. Never asks for anything.",
        created=(117, "20:00"),
        history=[
            (117, "20:01", "note", "Added: client 2022, referred three coworkers"),
            (100, "18:45", "message", "Happy birthday text; she asked about rates for her brother"),
            (71, "19:15", "gave", "Sent her brother an explainer on FHA duplex (house-hacking) loans", "information"),
            (30, "13:00", "received", "Referred her coworker Jenna Lowe, refinancing out of an ARM", "referral"),
            (28, "17:45", "message", "Thank-you card for the Jenna referral; asked how I can support her"),
            (3, "16:20", "call", "Her brother found a duplex in Linden; set up his pre-approval call"),
        ],
    ),
    # --- Gave value: Sam has helped them; the relationship is building
    Person(
        "Priya Natarajan", "Northstar Realty Group", "Realtor", "gave_value",
        "comment on my article",
        emails=["priya.n@northstarrealty.example.com"], phones=["(614) 555-0131"],
        urls=["https://linkedin.example.com/in/priya-natarajan-realtor"],
        tags=["linkedin", "realtor"],
        expertise=["first-time buyers", "condos in the Short North"],
        needs="finding a bookkeeper who understands commission income",
        source="linkedin",
        notes="Eight months in as an agent, hungry and organised. Commented on my pre-approval article.",
        history=[
            (88, "21:30", "message", "Commented on 'Five things first-time buyers get wrong about pre-approval'"),
            (87, "07:50", "message", "Thanked her for the comment and offered a 20-minute call"),
            (80, "12:00", "call", "Call: how she finds buyers as a new agent"),
            (79, "09:15", "gave", "Sent my pre-approval checklist for her buyers", "resource",
             "The pre-approval checklist: what to gather this week"),
            (52, "15:30", "meeting", "Coffee: being a new agent is lonely; she wants a mentor"),
            (36, "20:00", "gave", "Reviewed her buyer-consultation deck: cut it to 8 slides", "feedback"),
            (19, "10:05", "message", "She's under contract with her first solo buyers"),
            (13, "08:20", "gave", "Sent her a closing-cost worksheet to walk her buyers through", "resource"),
        ],
    ),
    Person(
        "Grace Okonkwo", "Okonkwo Bookkeeping", "Owner, Bookkeeper", "gave_value", "Chamber mixer",
        emails=["grace@okonkwobooks.example.com"], phones=["614-555-0172"],
        urls=["https://okonkwobooks.example.com"],
        tags=["chamber", "bookkeeper"],
        expertise=["bookkeeping", "QuickBooks cleanup", "bookkeeping for realtors"],
        needs="partnering with more CPA firms",
        history=[
            (97, "18:20", "met", "Chamber mixer: stood in the drinks line, talked QuickBooks horror stories"),
            (90, "09:30", "meeting", "Coffee: she wants to specialise in real estate agents"),
            (62, "14:45", "gave", "Sent her the names of three agents who asked me for a bookkeeper", "information"),
            (20, "10:32", "gave", "Introduced her to Kevin Tran, CPA, who needs a bookkeeper", "introduction"),
            (16, "19:10", "message", "She thanked me: she and Kevin met and clicked"),
        ],
    ),
    Person(
        "Hector Alvarez", "Alvarez Renovation", "Owner, General Contractor", "gave_value",
        "Chamber mixer",
        emails=["hector@alvarezreno.example.com"], phones=["(614) 555-0108"],
        tags=["chamber", "contractor"],
        expertise=["kitchen and bath remodels", "renovation loan bids", "203k projects"],
        needs="finding a commercial insurance agent who understands contractors",
        history=[
            (104, "18:40", "met", "Chamber mixer: he does 203k renovation bids"),
            (96, "16:00", "meeting", "Toured a kitchen remodel job site in Bexley"),
            (58, "11:30", "gave", "Referred the Okafors: they want the kitchen redone before moving in", "referral"),
            (44, "20:15", "message", "He won the Okafor job and sent a photo of the demo day"),
        ],
    ),
    Person(
        "Nora Fitzgerald", "Brightline Digital", "Founder, Local SEO", "gave_value", "BNI breakfast",
        emails=["nora@brightline.example.com"], phones=["614-555-0195"],
        urls=["https://brightline.example.com"],
        tags=["bni", "marketing"],
        expertise=["SEO", "local search", "Google Business Profile"],
        needs="landing clients in home services: contractors, plumbers, roofers",
        history=[
            (113, "07:50", "met", "Joined our BNI chapter; sat at my table"),
            (106, "08:40", "meeting", "1-2-1: what local search looks like for a mortgage broker"),
            (78, "13:00", "received", "Audited my Google Business Profile and fixed my categories", "information"),
            (77, "08:00", "message", "Thanked her for the audit; asked who her ideal client is"),
            (71, "08:45", "gave", "Feedback on her 60-second BNI pitch: one client story, not a list", "feedback"),
            (22, "08:40", "meeting", "1-2-1 at the chapter: she's ready for two more clients"),
        ],
    ),
    Person(
        "Ben Okafor", "Lakeshore Mutual", "QA Engineer", "gave_value", "referred by Dana Whitfield",
        emails=["ben.okafor@example.com"], phones=["(614) 555-0146"],
        tags=["client", "first-time-buyer"],
        expertise=["software testing", "data analysis"],
        needs="finding a handyman for the small jobs the inspection found",
        notes="Ben and Tia, first home in Westerville. Closed in September. Referred by Dana.",
        history=[
            (75, "18:30", "call", "First call with Ben and Tia: budget, down payment, timing"),
            (73, "17:00", "meeting", "Application appointment at their apartment"),
            (60, "10:00", "note", "Closed on the Westerville house"),
            (59, "09:00", "gave", "Sent my first-year homeowner maintenance checklist", "resource"),
            (31, "18:50", "message", "Checked in: house is good, Hector started the kitchen"),
        ],
    ),
    Person(
        "Carla Jimenez", "Gentle Transitions Senior Moves", "Senior Move Manager", "gave_value",
        "comment on my article",
        emails=["carla@gentletransitions.example.org"], phones=["614-555-0114"],
        urls=["https://gentletransitions.example.org"],
        tags=["linkedin", "seniors"],
        expertise=["senior move management", "downsizing", "estate sales"],
        needs="finding a trustworthy handyman for seniors' repairs before they sell",
        source="linkedin",
        history=[
            (66, "22:10", "message", "Commented on 'Reverse mortgages without the scare stories'"),
            (65, "08:15", "message", "Thanked her and offered a call about her clients' questions"),
            (59, "14:00", "call", "Call: her clients are scared of reverse mortgages and of probate"),
            (45, "09:50", "gave", "Introduced her to Marcus Bell for her clients' estate questions", "introduction"),
            (8, "12:40", "message", "She's sending Marcus a second client; asked about a handyman"),
        ],
    ),
    Person(
        "Derek Washington", "Heartland Credit Union", "Commercial Loan Officer", "gave_value",
        "Mortgage Bankers Association lunch",
        emails=["dwashington@heartlandcu.example.org"], phones=["(614) 555-0179"],
        tags=["lender", "referral-partner"],
        expertise=["commercial real estate loans", "SBA loans"],
        needs="placing credit-union members who need a residential lender",
        history=[
            (116, "12:10", "met", "MBA lunch: same table, both sick of the rubber chicken"),
            (109, "16:30", "call", "Call: he does commercial, I do residential, no overlap"),
            (87, "10:20", "gave", "Referred a bakery owner who needs an SBA loan for her building", "referral"),
            (40, "08:00", "meeting", "Breakfast: the bakery loan closed, he owes me nothing, said so"),
            (3, "17:30", "received", "Sent over a credit-union member who was declined for a jumbo", "referral"),
        ],
    ),
    Person(
        "Olivia Chen", "Scioto Logistics", "HR Director", "gave_value", "Chamber mixer",
        emails=["olivia.chen@sciotologistics.example.com"], phones=["614-555-0152"],
        tags=["chamber", "hr"],
        expertise=["employee benefits", "financial wellness programs"],
        needs="booking speakers for a staff financial-wellness lunch series",
        history=[
            (83, "18:45", "met", "Chamber mixer: she runs lunch-and-learns for 300 employees"),
            (76, "11:00", "call", "Call: what her staff ask about buying a home"),
            (57, "12:00", "gave", "Ran a lunch-and-learn on buying a first home for her staff", "resource"),
            (56, "16:10", "message", "She shared the feedback forms: 14 attendees, 5 want a follow-up"),
            (28, "09:40", "message", "She's planning the spring series"),
        ],
    ),
    Person(
        "Frank Delgado", "Delgado Appraisal Services", "Certified Residential Appraiser",
        "gave_value", "LinkedIn request",
        emails=["frank@delgadoappraisal.example.com"], phones=["(614) 555-0127"],
        urls=["https://linkedin.example.com/in/frank-delgado-appraiser"],
        tags=["linkedin", "appraiser"],
        expertise=["residential appraisal", "appraisal disputes"],
        needs="getting more lenders and attorneys to order private appraisals",
        source="linkedin",
        history=[
            (101, "20:40", "message", "LinkedIn invitation: 'Fellow Columbus housing person, would be glad to connect'"),
            (100, "07:55", "message", "Accepted and offered a call to compare notes on appraisal gaps"),
            (97, "17:10", "received", "Sent me his checklist for challenging a low appraisal", "resource"),
            (93, "13:15", "call", "Call: how to prepare a reconsideration of value"),
            (86, "21:00", "gave", "Feedback on his website's appraisal-dispute page", "feedback"),
            (40, "15:30", "meeting", "Coffee: he's launching private appraisals for divorces and estates"),
            (24, "10:00", "message", "Thanked him for his quick take on a low appraisal in Hilliard"),
        ],
    ),
    Person(
        "Mei Tanaka", "Tanaka Property Management", "Owner", "gave_value",
        "Real estate investors meetup",
        emails=["mei@tanakapm.example.com"], phones=["614-555-0161"],
        urls=["https://tanakapm.example.com"],
        tags=["investors", "property-manager"],
        expertise=["rental property management", "tenant screening"],
        needs="signing investors who want a hands-off manager for small multifamily",
        history=[
            (91, "19:00", "met", "Investors meetup: she manages 140 doors, mostly duplexes"),
            (84, "10:30", "meeting", "Coffee: which lenders her investors use"),
            (63, "14:20", "gave", "Referred the Delaneys, who just bought a duplex in Clintonville", "referral"),
            (27, "17:00", "call", "Call: the Delaneys signed with her; talked DSCR loans"),
        ],
    ),
    Person(
        "Jamal Harris", "Harris Visuals", "Real Estate Photographer", "gave_value", "BNI breakfast",
        emails=["jamal@harrisvisuals.example.com"], phones=["(614) 555-0183"],
        urls=["https://harrisvisuals.example.com"],
        tags=["bni", "photographer"],
        expertise=["real estate photography", "headshots", "drone video"],
        needs="signing brokerages that want consistent listing photos",
        history=[
            (112, "07:45", "met", "BNI breakfast: new member, photographer"),
            (105, "08:40", "meeting", "1-2-1: he wants brokerage contracts, not one-off shoots"),
            (85, "16:20", "gave", "Referred him to Dana Whitfield's brokerage for listing photos", "referral"),
            (64, "18:00", "received", "Shot my summer homebuyer seminar for free: 20 edited photos", "resource"),
            (63, "08:20", "message", "Thanked him for the photos; asked which brokerages he is pitching"),
            (57, "08:50", "gave", "Feedback on his pricing page: show packages, not hourly rates", "feedback"),
            (15, "08:30", "message", "He signed Dana's brokerage for the winter"),
        ],
    ),
    Person(
        "Elena Popescu", "Franklin County Credit Counseling", "Senior Credit Counselor",
        "gave_value", "homebuyer education class",
        emails=["epopescu@fccc.example.org"], phones=["614-555-0105"],
        tags=["nonprofit", "credit"],
        expertise=["credit repair", "debt management plans", "budgeting"],
        needs="finding landlords who rent to applicants rebuilding their credit",
        history=[
            (69, "18:30", "met", "Co-taught the homebuyer education class at the library"),
            (62, "11:15", "call", "Call: which of her clients are close to mortgage-ready"),
            (43, "09:10", "gave", "Sent her my summary of the new FHA credit overlays", "information"),
            (12, "14:30", "call", "Two of her clients are ready for pre-qualification"),
            (12, "16:00", "gave", "Sent her the pre-qualification checklist for her two clients", "information"),
        ],
    ),
    # --- Talked: a real conversation happened
    Person(
        "Ryan Gallagher", "Lakeview Realty", "Realtor", "talked", "BNI breakfast",
        emails=["ryan.gallagher@lakeviewrealty.example.com"], phones=["(614) 555-0134"],
        tags=["bni", "realtor"],
        expertise=["new construction sales"],
        needs="learning the northern suburbs market fast after moving from Cleveland",
        history=[
            (29, "07:40", "met", "Visited our BNI chapter as a guest"),
            (26, "15:00", "meeting", "Coffee: moved from Cleveland in August, knows no one here"),
            (12, "21:05", "message", "Sent him the date of the Chamber mixer"),
        ],
    ),
    Person(
        "Tasha Brooks", "Brooks Family Law", "Attorney, Family Law", "talked", "Chamber mixer",
        emails=["tbrooks@brooksfamilylaw.example.com"], phones=["614-555-0168"],
        tags=["chamber", "attorney"],
        expertise=["family law", "divorce settlements involving the house"],
        needs="finding a lender who understands refinancing to buy out a spouse",
        history=[
            (48, "18:30", "met", "Chamber mixer: she handles a lot of divorces where the house is the fight"),
            (41, "12:20", "call", "20-minute call: how a buyout refinance works and what the decree must say"),
            (18, "09:15", "message", "Checked in; she may have a buyout client in January"),
        ],
    ),
    Person(
        "Owen Pierce", "Pierce Financial", "Financial Advisor", "talked", "LinkedIn request",
        emails=["owen@piercefinancial.example.com"],
        urls=["https://linkedin.example.com/in/owen-pierce-advisor"],
        tags=["linkedin", "financial-advisor"],
        expertise=["financial planning for young families", "529 plans"],
        needs="meeting young families who are about to buy their first home",
        source="linkedin",
        history=[
            (70, "21:20", "message", "LinkedIn invitation: 'We seem to serve the same young families, let's connect'"),
            (69, "07:40", "message", "Accepted and offered a call instead of a pitch"),
            (64, "12:30", "call", "Phone call: he's building a practice around young families"),
            (35, "19:00", "message", "Sent a few questions his clients ask about down payments"),
            (27, "08:30", "message", "Congratulated him on passing the CFP exam"),
        ],
    ),
    Person(
        "Fatima Said", "Said Interiors", "Interior Designer & Home Stager", "talked",
        "Realtor open house",
        emails=["fatima@saidinteriors.example.com"], phones=["(614) 555-0112"],
        urls=["https://saidinteriors.example.com"],
        tags=["stager", "design"],
        expertise=["home staging", "interior design"],
        needs="partnering with realtors who list homes above $400k",
        source="vcard",
        history=[
            (45, "14:00", "met", "Sunday open house she had staged; swapped cards"),
            (38, "10:00", "meeting", "Walked through a staged listing together"),
            (9, "20:30", "message", "She sent before-and-after photos from her latest staging"),
        ],
    ),
    Person(
        "Greg Hollis", "Meadowbrook Homes", "Sales Manager", "talked", "Parade of Homes",
        emails=["ghollis@meadowbrookhomes.example.com"], phones=["614-555-0193"],
        tags=["builder", "new-construction"],
        expertise=["new construction", "builder incentives"],
        needs="finding lenders who close on time when a phase releases",
        history=[
            (95, "13:30", "met", "Parade of Homes: his model home in Lewis Center"),
            (90, "10:45", "call", "Call: which lenders his buyers use and why they fall through"),
            (50, "12:00", "meeting", "Lunch: builder incentives for the 2027 phases"),
            (14, "16:45", "message", "Asked about the Phase 3 release dates"),
        ],
    ),
    Person(
        "Lauren Meyers", "Meyers Growth Coaching", "Business Coach", "talked",
        "comment on my article",
        emails=["lauren@meyerscoaching.example.com"],
        urls=["https://linkedin.example.com/in/lauren-meyers-coach"],
        tags=["linkedin", "coach"],
        expertise=["business coaching", "sales systems", "LinkedIn content"],
        needs="booking podcast guests who run local businesses",
        source="linkedin",
        history=[
            (58, "20:45", "message", "Commented on 'Self-employed? How lenders read your tax returns'"),
            (57, "07:45", "message", "Thanked her and asked if she'd like to talk by phone"),
            (51, "11:30", "call", "Call: she coaches solo professionals and hosts a podcast"),
            (6, "18:10", "message", "She asked if I'd be a guest on her podcast in January"),
        ],
    ),
    Person(
        "Victor Nguyen", "Sunward Solar", "Residential Solar Consultant", "talked", "Chamber mixer",
        emails=["victor@sunwardsolar.example.com"], phones=["(614) 555-0149"],
        tags=["chamber", "solar"],
        expertise=["residential solar", "energy tax credits"],
        needs="meeting homeowners with good credit who are considering solar",
        history=[
            (34, "18:35", "met", "Chamber mixer: solar, and how it shows up on an appraisal"),
            (30, "14:00", "call", "Call: how solar leases affect a refinance"),
            (11, "19:40", "message", "He sent the lease-versus-loan one-pager I asked about"),
        ],
    ),
    Person(
        "Bridget O'Connor", "Northridge Elementary", "Teacher", "talked",
        "first-time homebuyer seminar",
        emails=["bridget.oconnor@example.com"], phones=["614-555-0186"],
        tags=["prospect", "first-time-buyer"],
        expertise=["special education"],
        needs="buying a first home by next summer with down-payment assistance",
        history=[
            (22, "18:45", "met", "First-time homebuyer seminar at the library; stayed to ask questions"),
            (15, "16:30", "call", "Pre-qualification call: teacher's salary, $9k saved, wants DPA"),
            (8, "19:20", "message", "Sent her the list of documents to gather"),
        ],
    ),
    Person(
        "Andre Thompson", "Near East Side Housing Collaborative", "Executive Director", "talked",
        "introduced by Ruth Adeyemi",
        emails=["andre@nehousing.example.org"], phones=["(614) 555-0171"],
        tags=["nonprofit", "housing"],
        expertise=["affordable housing programs", "down-payment assistance"],
        needs="recruiting volunteer lenders to teach homebuyer education classes",
        history=[
            (40, "11:00", "met", "Ruth introduced us by email; replied the same day"),
            (33, "14:00", "meeting", "Met at the collaborative's office: their DPA program and the class schedule"),
            (13, "10:20", "message", "He sent the spring class dates"),
        ],
    ),
    Person(
        "Kim Sorensen", "Buckeye Medical Group", "Relocation Coordinator", "talked",
        "Chamber mixer",
        emails=["ksorensen@buckeyemed.example.org"], phones=["614-555-0158"],
        tags=["chamber", "relocation"],
        expertise=["corporate relocation", "new-hire housing"],
        needs="finding trusted lenders and realtors for relocating doctors",
        history=[
            (20, "18:50", "met", "Chamber mixer: she relocates 40 physicians a year"),
            (17, "13:00", "call", "Call: what relocating doctors need (physician loans)"),
            (5, "09:00", "message", "She asked for a one-page summary of physician loans"),
        ],
    ),
    Person(
        "Paul Reyes", "Reyes Handyman Services", "Owner", "talked", "referred by Dana Whitfield",
        emails=["paul@reyeshandyman.example.com"], phones=["(614) 555-0136"],
        tags=["handyman", "trades"],
        expertise=["home repairs", "pre-listing punch lists", "inspection repairs"],
        needs="building realtor relationships for pre-listing repairs",
        history=[
            (62, "15:00", "met", "Dana sent him over; he fixes inspection items fast"),
            (60, "12:10", "call", "Call: his rates and how fast he can turn around a punch list"),
            (10, "17:15", "message", "He finished repairs on a listing of Dana's in two days"),
        ],
    ),
    Person(
        "Sophie Laurent", "Laurent Editorial", "Copywriter & Editor", "talked",
        "comment on my article",
        emails=["sophie@laurenteditorial.example.com"],
        urls=["https://laurenteditorial.example.com"],
        tags=["linkedin", "writer"],
        expertise=["copywriting", "editing", "newsletters"],
        needs="finding clients in financial services who need a newsletter",
        source="linkedin",
        history=[
            (85, "22:00", "message", "Commented on my rate-buydown article with two sharp edits"),
            (84, "08:10", "message", "Thanked her for the edits and suggested a call"),
            (80, "13:00", "call", "Call: she edits for two law firms; talked about my newsletter"),
            (3, "19:45", "message", "She sent me her new newsletter issue"),
        ],
    ),
    Person(
        "Zach Morgan", "Queen City Mortgage", "Mortgage Broker", "talked", "LinkedIn request",
        emails=["zach@queencitymortgage.example.com"], phones=["(513) 555-0120"],
        urls=["https://linkedin.example.com/in/zach-morgan-mortgage"],
        tags=["linkedin", "peer"],
        expertise=["VA loans", "Cincinnati market"],
        needs="finding a lender to take Columbus referrals",
        source="linkedin", cadence_days=30,
        notes="Broker in Cincinnati. We send each other out-of-town referrals.",
        history=[
            (100, "20:30", "message", "LinkedIn invitation: 'Broker in Cincy, would love a Columbus contact'"),
            (99, "07:35", "message", "Accepted and offered to talk by phone"),
            (92, "12:45", "call", "Call: VA loans and how he structures his week"),
            (47, "16:20", "call", "Call: swapped notes on the new credit-score models"),
            (4, "10:30", "received", "Referred a Columbus VA buyer to me, closing after Thanksgiving", "referral"),
        ],
    ),
    Person(
        "Hannah Greene", "Greene Realty", "Realtor", "talked", "Realtor open house",
        emails=["hannah.greene@example.net"], phones=["614-555-0199"],
        tags=["realtor"],
        notes="Moved to Denver in September and left real estate.",
        archived=True,
        history=[
            (110, "14:30", "met", "Her open house in Grandview"),
            (104, "11:00", "call", "Call: she was thinking about leaving real estate"),
            (70, "09:00", "note", "Moved to Denver, left real estate; archived"),
        ],
    ),
    Person(
        "Isaac Bloom", "Ferrule Labs", "CFO", "talked", "Startup Week panel",
        emails=["isaac@ferrulelabs.example.com"], phones=["(614) 555-0153"],
        tags=["prospect", "jumbo"],
        expertise=["startup finance", "fundraising"],
        needs="buying a home with a jumbo loan once equity vests in February",
        notes="Nothing to do until his lockup ends; snoozed.",
        snooze_days=58,
        history=[
            (80, "17:30", "met", "Startup Week panel on personal finance for founders"),
            (73, "08:00", "meeting", "Breakfast: equity-rich, cash-poor, wants a house in Upper Arlington"),
            (30, "12:00", "call", "Call: lockup ends in February; talk jumbo options then"),
        ],
    ),
    # --- Met: new faces, LinkedIn requests, event cards
    Person(
        "Chloe Bennett", "Northstar Realty Group", "Realtor (newly licensed)", "met",
        "LinkedIn request",
        urls=["https://linkedin.example.com/in/chloe-bennett-realtor"],
        tags=["linkedin", "realtor"],
        source="linkedin",
        history=[
            (2, "20:14", "message", "LinkedIn invitation: 'Just got licensed with Northstar and loved your pre-approval article!'"),
        ],
    ),
    Person(
        "Raj Patel", "LendLoop", "Software Engineer", "met", "LinkedIn request",
        urls=["https://linkedin.example.com/in/raj-patel-lendloop"],
        tags=["linkedin", "fintech"],
        expertise=["mortgage software"],
        source="linkedin",
        history=[
            (9, "22:30", "message", "LinkedIn invitation: 'Saw your post on rate buydowns, I build mortgage software'"),
        ],
    ),
    Person(
        "Megan Walsh", "Pawsitive Grooming", "Owner", "met", "BNI breakfast",
        emails=["megan@pawsitivegrooming.example.com"], phones=["(614) 555-0103"],
        tags=["bni", "visitor"],
        expertise=["mobile dog grooming"],
        needs="financing a first commercial grooming van",
        source="vcard",
        history=[
            (1, "07:40", "met", "Visitor at BNI breakfast, sat next to me: just opened a grooming van"),
        ],
    ),
    Person(
        "Tyrone Jackson", "Olentangy Savings Bank", "Branch Manager", "met", "Chamber mixer",
        emails=["tjackson@olentangysavings.example.com"], phones=["614-555-0177"],
        tags=["chamber", "banker"],
        expertise=["deposit accounts", "small-business banking"],
        history=[
            (6, "18:30", "met", "Chamber mixer: his branch doesn't do mortgages, refers them out"),
            (5, "08:20", "message", "Nice-to-meet-you note on LinkedIn"),
        ],
    ),
    Person(
        "Julia Ferreira", "Clintonville Family Clinic", "Nurse Practitioner", "met",
        "comment on my article",
        emails=["julia.ferreira@example.com"],
        tags=["linkedin", "reverse-mortgage"],
        needs="understanding reverse mortgage options for aging parents",
        source="linkedin",
        history=[
            (12, "21:50", "message", "Commented on 'Reverse mortgages without the scare stories': should her parents consider one?"),
        ],
    ),
    Person(
        "Dmitri Volkov", "Volkov Commercial", "Commercial Real Estate Broker", "met",
        "LinkedIn request",
        urls=["https://linkedin.example.com/in/dmitri-volkov-cre"],
        tags=["linkedin", "commercial"],
        expertise=["retail leasing", "commercial real estate"],
        source="linkedin",
        history=[
            (4, "11:10", "message", "LinkedIn invitation: 'Connecting with Columbus real estate folks'"),
        ],
    ),
    Person(
        "Amanda Price", "Crossroads Staffing", "Recruiter", "met", "LinkedIn request",
        urls=["https://linkedin.example.com/in/amanda-price-recruiting"],
        tags=["linkedin"],
        expertise=["recruiting", "sales hiring"],
        source="linkedin",
        history=[
            (30, "09:30", "message", "LinkedIn invitation: 'I help small businesses hire, happy to connect'"),
            (28, "08:15", "message", "Accepted and offered a short call about hiring for small teams"),
        ],
    ),
    Person(
        "Leo Martinez", "Third Street Coffee", "Owner", "met", "Chamber mixer",
        emails=["leo@thirdstreetcoffee.example.com"], phones=["(614) 555-0129"],
        tags=["chamber", "small-business"],
        expertise=["coffee", "running a small restaurant"],
        needs="finding a location for a second coffee shop",
        history=[
            (6, "19:05", "met", "Chamber mixer: wants to open a second shop next year"),
        ],
    ),
    Person(
        "Rachel Kim", "", "Graduate Student", "met", "first-time homebuyer seminar",
        emails=["rachel.kim@example.com"],
        tags=["prospect", "first-time-buyer"],
        needs="deciding between renewing a lease and buying in the spring",
        source="csv",
        notes="Asked to hear back in December, after her lease decision. Snoozed.",
        snooze_days=14,
        history=[
            (22, "18:50", "met", "First-time homebuyer seminar at the library"),
            (21, "12:30", "message", "She emailed: lease ends in March, wants to revisit in December"),
        ],
    ),
    Person(
        "Brandon Scott", "Scott Pest Solutions", "Owner", "met", "BNI breakfast",
        emails=["brandon@scottpest.example.com"], phones=["614-555-0141"],
        tags=["bni", "visitor"],
        expertise=["pest inspections", "termite reports"],
        history=[
            (8, "07:45", "met", "Visitor at BNI breakfast: termite reports for closings"),
            (3, "18:00", "message", "Sent him the chapter's visitor info and the application link"),
        ],
    ),
    Person(
        "Natalie Ortiz", "Meadowbrook Homes", "Marketing Manager", "met", "LinkedIn request",
        urls=["https://linkedin.example.com/in/natalie-ortiz-marketing"],
        tags=["linkedin", "builder"],
        expertise=["builder marketing"],
        source="linkedin",
        history=[
            (3, "13:40", "message", "LinkedIn invitation: 'Greg Hollis mentioned you, would love to connect'"),
        ],
    ),
    Person(
        "Patrick Doyle", "Doyle Roofing", "Owner", "met", "Chamber golf outing",
        emails=["pat@doyleroofing.example.com"], phones=["(614) 555-0165"],
        tags=["chamber", "contractor"],
        expertise=["roofing", "storm damage claims"],
        needs="reaching more homeowners before hail season",
        history=[
            (55, "16:00", "met", "Chamber golf outing: same foursome"),
            (22, "20:10", "message", "Liked his hail-season post; he said he'd call after storm season"),
        ],
    ),
    Person(
        "Sandra Hughes", "Sandra Hughes Design", "Freelance Graphic Designer", "met",
        "comment on my article",
        emails=["hello@sandrahughes.example.com"],
        urls=["https://sandrahughes.example.com"],
        tags=["linkedin", "self-employed"],
        expertise=["graphic design", "branding"],
        needs="qualifying for a mortgage on two years of 1099 income",
        source="linkedin",
        history=[
            (5, "21:15", "message", "Commented on 'Self-employed? How lenders read your tax returns'"),
            (5, "22:00", "message", "Thanked her and offered a call to look at her situation"),
        ],
    ),
    Person(
        "William Foster", "SCORE Columbus", "Volunteer Mentor (retired engineer)", "met",
        "LinkedIn request",
        urls=["https://linkedin.example.com/in/william-foster-score"],
        tags=["linkedin", "mentor"],
        expertise=["small business plans", "mentoring founders"],
        source="linkedin",
        history=[
            (1, "19:30", "message", "LinkedIn invitation: 'I mentor small-business owners through SCORE'"),
            (1, "21:00", "message", "Accepted and offered coffee next week"),
        ],
    ),
    Person(
        "Yuki Sato", "Sato Architecture", "Architect", "met", "Realtor open house",
        emails=["yuki@satoarch.example.com"], phones=["614-555-0133"],
        tags=["architect"],
        expertise=["residential additions", "historic renovations"],
        source="vcard",
        history=[
            (3, "14:30", "met", "Sunday open house in German Village; she designed the addition"),
        ],
    ),
    Person(
        "Daniel Cho", "Cho Events", "Event Planner", "met", "Chamber mixer",
        emails=["daniel@choevents.example.com"],
        tags=["chamber"],
        expertise=["corporate events", "venue booking"],
        source="csv",
        notes="From the Chamber mixer attendee list.",
        history=[
            (13, "18:40", "met", "Chamber mixer: brief chat about venues for the spring seminar"),
        ],
    ),
    Person(
        "Maria Santos", "Keystone Lending", "Loan Officer Assistant", "met",
        "Women in Real Estate luncheon",
        emails=["maria.santos@example.net"], phones=["(614) 555-0115"],
        tags=["mentee"],
        expertise=["loan processing"],
        needs="earning a loan officer license with a mentor's help",
        source="vcard",
        history=[
            (5, "12:30", "met", "Women in Real Estate luncheon: swapped cards"),
            (2, "09:10", "message", "She asked if I would mentor her toward her license"),
        ],
    ),
    Person(
        "Ethan Brooks", "Greenline Landscapes", "Landscape Designer", "met", "introduced by Paul Reyes",
        emails=["ethan@greenline.example.com"], phones=["614-555-0109"],
        tags=["contractor"],
        expertise=["landscape design", "curb appeal"],
        source="vcard",
        history=[
            (4, "15:20", "met", "Paul Reyes brought him to coffee: curb appeal before listing"),
        ],
    ),
    Person(
        "Keisha Moore", "", "Medical Billing Specialist", "met", "first-time homebuyer seminar",
        emails=["keisha.moore@example.com"], phones=["(614) 555-0187"],
        tags=["prospect", "first-time-buyer"],
        needs="getting down-payment assistance for a first home",
        source="csv",
        history=[
            (22, "18:55", "met", "First-time homebuyer seminar: asked about down-payment assistance"),
            (4, "10:40", "message", "She replied: gathering pay stubs, will call after Thanksgiving"),
        ],
    ),
    Person(
        "Connor Reid", "Reid Money Coaching", "Financial Coach", "met", "LinkedIn request",
        urls=["https://linkedin.example.com/in/connor-reid-coach"],
        tags=["linkedin", "coach"],
        expertise=["budgeting", "debt payoff"],
        source="linkedin",
        history=[
            (1, "20:45", "message", "LinkedIn invitation: 'Your article on pre-approval was great for my clients'"),
        ],
    ),
    Person(
        "Alicia Romero", "Romero Cleaning Co.", "Owner", "met", "BNI breakfast",
        emails=["alicia@romerocleaning.example.com"], phones=["614-555-0124"],
        tags=["bni", "visitor"],
        expertise=["move-out cleaning", "post-construction cleaning"],
        source="vcard",
        history=[
            (1, "07:50", "met", "Visitor at BNI breakfast: move-out and move-in cleaning"),
        ],
    ),
    Person(
        "Simon Hart", "CreditPulse Software", "VP of Sales", "met", "LinkedIn request",
        urls=["https://linkedin.example.com/in/simon-hart-sales"],
        tags=["linkedin", "vendor"],
        source="linkedin",
        notes="Connected only to pitch software. Archived.",
        archived=True,
        history=[
            (30, "10:00", "message", "LinkedIn invitation"),
            (29, "10:05", "message", "Pitched his credit-reporting software within a minute of connecting"),
        ],
    ),
    Person(
        "Chris Dalton", "Rank Rocket SEO", "Growth Hacker", "met", "LinkedIn request",
        urls=["https://linkedin.example.com/in/chris-dalton-rank-rocket"],
        tags=["linkedin", "vendor"],
        source="linkedin",
        notes="'Guaranteed first page of Google.' Archived.",
        archived=True,
        history=[
            (40, "03:12", "message", "LinkedIn invitation"),
            (39, "03:15", "message", "Pitched 'guaranteed first page on Google'"),
        ],
    ),
    Person(
        "Bethany Clarke", "Riverbend Realty", "Realtor", "met", "comment on my article",
        emails=["bethany@riverbendrealty.example.com"],
        urls=["https://linkedin.example.com/in/bethany-clarke-realtor"],
        tags=["linkedin", "realtor"],
        expertise=["Dublin and Powell market"],
        source="linkedin",
        history=[
            (6, "12:20", "message", "Commented on my pre-approval article: 'Sending this to every buyer'"),
        ],
    ),
    Person(
        "Omar Haddad", "", "Real Estate Investor", "met", "Real estate investors meetup",
        emails=["omar.haddad@example.com"], phones=["(614) 555-0191"],
        tags=["investors", "prospect"],
        expertise=["small multifamily investing"],
        needs="financing a fourth rental with a DSCR loan and finding a property manager",
        history=[
            (7, "19:15", "met", "Investors meetup: three duplexes, shopping for number four"),
        ],
    ),
]


@dataclass
class Shared:
    """One resource of Sam's library: what it is, where, what it is about."""

    title: str
    url: str
    topics: list[str]
    note: str = ""
    created: int = 110  # days before the export


GUIDES = "https://riverahomelending.example.com/guides"
LIBRARY: list[Shared] = [
    Shared("Qualifying for a mortgage on 1099 income", f"{GUIDES}/1099-income-mortgage",
           ["1099 income", "self-employed borrowers", "bank statement loans"],
           "What underwriters average, what they add back, and the two-year rule."),
    Shared("Down-payment assistance in Franklin County: every program on one page",
           f"{GUIDES}/down-payment-assistance", ["down-payment assistance", "first-time buyers"],
           "Updated every January with the new income limits.", created=95),
    Shared("Reverse mortgage questions to ask before your parents sign",
           f"{GUIDES}/reverse-mortgage-questions", ["reverse mortgages", "aging parents"],
           "A checklist for adult children; pairs with the HUD counseling session."),
    Shared("DSCR loans for small landlords: how lenders size the loan", f"{GUIDES}/dscr-loans",
           ["DSCR loans", "rental property financing", "small multifamily investing"], created=60),
    Shared("Commission income bookkeeping: a one-page checklist for agents",
           "https://okonkwobooks.example.com/checklists/commission-income",
           ["commission income", "bookkeeping for realtors"],
           "Grace Okonkwo's checklist; she is happy for me to share it.", created=58),
    Shared("Buying out a spouse: refinancing the house in a divorce", f"{GUIDES}/spousal-buyout",
           ["refinancing to buy out a spouse", "divorce and the house"]),
    Shared("Rent or buy this spring? A calculator for renters",
           "https://riverahomelending.example.com/tools/rent-or-buy",
           ["renewing a lease or buying", "rent vs buy"], created=40),
    Shared("Pre-listing repair checklist for sellers",
           "https://whitfieldrealty.example.com/sellers/pre-listing-checklist",
           ["pre-listing repairs", "inspection repairs", "selling a home"],
           "Dana's checklist for her sellers."),
    Shared("Hail season: a homeowner's roof and insurance checklist",
           "https://kowalskiinsurance.example.com/hail-season-checklist",
           ["hail season", "storm damage claims", "homeowners insurance"], created=30),
    Shared("Jumbo loans when your pay is equity: what underwriters count", f"{GUIDES}/jumbo-equity-pay",
           ["jumbo loans", "equity compensation"], created=25),
    Shared("FHA loans for a duplex: live in one unit, rent the other", f"{GUIDES}/fha-duplex",
           ["FHA loans", "house hacking"]),
    Shared("The pre-approval checklist: what to gather this week", f"{GUIDES}/pre-approval-checklist",
           ["pre-approval", "first-time buyers", "first home"],
           "The one from my article; the most shared thing I have.", created=118),
]


# Messages they wrote (the rest are yours): invitations, comments and their news.
INCOMING = ("LinkedIn invitation", "Commented on", "She ", "She's", "He ", "Nice-to-meet-you", "Pitched")
# Introductions logged on both people: (person, summary start) pairs, linked to each other.
LINKED = [
    (("Kevin Tran", "Introduced him to Grace Okonkwo"), ("Grace Okonkwo", "Introduced her to Kevin Tran")),
]
INTRODUCER = re.compile(r"^(?:referred|introduced) by (.+)$")
ORDER = ("met", "talked", "gave_value", "trusted")


def contact_id(name: str) -> str:
    return uuid.uuid5(NAMESPACE, f"contact/{name}").hex


def resource_id(title: str) -> str:
    return uuid.uuid5(NAMESPACE, f"resource/{title}").hex


def shared(person: Person, title: str) -> str:
    """The id of the library resource a `gave` shared (the script stops on a title not in it)."""
    if title not in {r.title for r in LIBRARY}:
        raise SystemExit(f"{person.name}: {title!r} is not in the library")
    return resource_id(title)


def moment(days_before: int, clock: str) -> datetime:
    hour, minute = (int(x) for x in clock.split(":"))
    day = EXPORTED_AT.date() - timedelta(days=days_before)
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def iso(at: datetime) -> str:
    return at.isoformat()


def stage_changed(person: Person, created: datetime, interactions: list[dict]) -> datetime:
    """When the person reached their current stage, from the history that got them there."""
    kinds = {"talked": ("call", "meeting"), "gave_value": ("gave",)}
    if person.stage in kinds:
        hits = [datetime.fromisoformat(i["at"]) for i in interactions if i["kind"] in kinds[person.stage]]
        if not hits:
            raise SystemExit(f"{person.name} is {person.stage} without a matching interaction")
        return min(hits)
    if person.stage == "trusted" and person.trusted_since is not None:
        return moment(person.trusted_since, "12:00")
    return created


def stage_history(person: Person, created: datetime, changed: datetime, interactions: list[dict]) -> list[dict]:
    """The stages the person went through: Met when added, then each stage the history shows
    (the first call or meeting for Talked, the first gift for Gave value) up to the current one."""
    marks = [("met", created)]
    firsts = {"talked": ("call", "meeting"), "gave_value": ("gave",)}
    for stage in ORDER[1:ORDER.index(person.stage)]:
        hits = [datetime.fromisoformat(i["at"]) for i in interactions if i["kind"] in firsts.get(stage, ())]
        if hits and marks[-1][1] < min(hits) < changed:
            marks.append((stage, min(hits)))
    if person.stage != "met":
        marks.append((person.stage, changed))
    return [{"stage": stage, "at": iso(at)} for stage, at in marks]


def link_introductions(contacts: list[dict]) -> None:
    """Pair the introductions of LINKED: the same moment, each `linked_to` the other."""
    by_name = {c["name"]: c for c in contacts}
    for pair in LINKED:
        found = []
        for name, start in pair:
            hits = [i for i in by_name[name]["interactions"] if i["summary"].startswith(start)]
            if len(hits) != 1 or (hits[0]["kind"], hits[0]["value"]) != ("gave", "introduction"):
                raise SystemExit(f"{name}: expected one introduction starting {start!r}")
            found.append(hits[0])
        first, second = found
        second["at"] = first["at"]
        first["linked_to"], second["linked_to"] = second["id"], first["id"]


def build() -> dict:
    contacts = []
    for person in PEOPLE:
        cid = contact_id(person.name)
        interactions = []
        for index, entry in enumerate(person.history):
            days, clock, kind, summary, *rest = entry
            incoming = kind == "message" and summary.startswith(INCOMING)
            interactions.append({
                "id": uuid.uuid5(NAMESPACE, f"interaction/{person.name}/{index}").hex,
                "at": iso(moment(days, clock)),
                "kind": kind,
                "summary": summary,
                "value": rest[0] if rest else None,
                "direction": "in" if incoming else "out",
                "linked_to": None,
                "resource_id": shared(person, rest[1]) if len(rest) > 1 else None,
            })
        interactions.sort(key=lambda i: i["at"])
        created = moment(*person.created) if person.created else datetime.fromisoformat(interactions[0]["at"])
        changed = stage_changed(person, created, interactions)
        last = max((datetime.fromisoformat(i["at"]) for i in interactions), default=None)
        updated = max(x for x in (created, changed, last) if x is not None)
        snoozed = EXPORTED_AT.date() + timedelta(days=person.snooze_days) if person.snooze_days else None
        introducer = INTRODUCER.match(person.met_at)
        reminder = None
        if person.reminder is not None:
            ahead, step = person.reminder
            reminder = {"date": (EXPORTED_AT.date() + timedelta(days=ahead)).isoformat(), "text": step}
        contacts.append({
            "id": cid,
            "name": person.name,
            "company": person.company,
            "title": person.title,
            "emails": person.emails,
            "phones": person.phones,
            "urls": person.urls,
            "stage": person.stage,
            "tags": person.tags,
            "expertise": person.expertise,
            "needs": person.needs,
            "met_at": person.met_at,
            "source": person.source,
            "notes": person.notes,
            "created_at": iso(created),
            "updated_at": iso(updated),
            "stage_changed_at": iso(changed),
            "last_interaction_at": iso(last) if last else None,
            "snoozed_until": snoozed.isoformat() if snoozed else None,
            "cadence_days": person.cadence_days,
            "archived": person.archived,
            "nickname": "",
            "birthday": "",
            "introduced_by": contact_id(introducer.group(1)) if introducer else None,
            "reminder": reminder,
            "reconnect_on": None,
            "stage_history": stage_history(person, created, changed, interactions),
            "name_parts": None,
            "interactions": interactions,
        })
    link_introductions(contacts)
    known = {c["id"] for c in contacts}
    for c in contacts:
        if c["introduced_by"] is not None and c["introduced_by"] not in known:
            raise SystemExit(f"{c['name']} was introduced by someone not in the sample")
    return {
        "format": "trustboard",
        "version": 1,
        "exported_at": iso(EXPORTED_AT),
        "contacts": contacts,
        "resources": [
            {
                "id": resource_id(r.title),
                "title": r.title,
                "url": r.url,
                "topics": r.topics,
                "note": r.note,
                "created_at": iso(moment(r.created, "21:00")),
                "updated_at": iso(moment(r.created, "21:00")),
            }
            for r in LIBRARY
        ],
    }


def due_on(data: dict, day: date) -> list[str]:
    """Names due on `day` (SPEC §5), assuming nothing is logged after the export."""
    names = []
    for c in data["contacts"]:
        if c["archived"] or (c["snoozed_until"] and date.fromisoformat(c["snoozed_until"]) > day):
            continue
        touch = datetime.fromisoformat(c["last_interaction_at"] or c["created_at"]).date()
        if touch + timedelta(days=c["cadence_days"] or CADENCE[c["stage"]]) <= day:
            names.append(c["name"])
    return names


def main() -> None:
    data = build()
    names = [c["name"] for c in data["contacts"]]
    if len(set(names)) != len(names):
        raise SystemExit("two people share a name")
    OUT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    stages: dict[str, int] = {}
    for c in data["contacts"]:
        stages[c["stage"]] = stages.get(c["stage"], 0) + 1
    print(f"wrote {OUT.name}: {len(names)} contacts {stages}, "
          f"{sum(len(c['interactions']) for c in data['contacts'])} interactions, "
          f"{len(data['resources'])} resources")
    for ahead in range(8):
        day = EXPORTED_AT.date() + timedelta(days=ahead)
        print(f"  due on export day +{ahead}: {len(due_on(data, day))}")
    print("  due on export day:", ", ".join(due_on(data, EXPORTED_AT.date())))


if __name__ == "__main__":
    sys.exit(main())
