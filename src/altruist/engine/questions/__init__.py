"""Questions: open posts in the user's groups that the user can answer, or forward to a contact.

Entry points:
- `suggest.suggest(ctx)` proposes "answer" deeds (questions that fit the knowledge profile) and
  "forward" deeds (questions that fit a contact's offered knowledge).
- `ranker` orders questions for a knowledge profile against the groups' background; it is the same
  code `altruist eval questions` measures. `people_router` orders people for a question
  (`altruist eval routing`); `text_match` is their lexical half.
- `group_needs.groups_needing_me` recommends groups where the user's knowledge is most in demand
  and least supplied; `my_expertise` keeps and explains the user's knowledge profile.
"""
