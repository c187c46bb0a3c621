-- A case's facet values text (`cases.facet_values`, since 0024) names each facet by a one-letter
-- code instead of its name (`Facet::code`): the names were half of that text, and the text half
-- of what an import writes for a case. Older texts are rewritten here, name by name: a name
-- stands between a pair's start (U+001E, put before the text's first pair too) and U+001F, and
-- neither a name nor a value holds either separator, so only whole names are replaced.
UPDATE cases SET facet_values = substr(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(char(30) || facet_values,
        char(30) || 'exploitation' || char(31), char(30) || 'a' || char(31)),
        char(30) || 'exploitation_country' || char(31), char(30) || 'b' || char(31)),
        char(30) || 'recruitment_country' || char(31), char(30) || 'c' || char(31)),
        char(30) || 'transit_country' || char(31), char(30) || 'd' || char(31)),
        char(30) || 'citizenship' || char(31), char(30) || 'e' || char(31)),
        char(30) || 'industry' || char(31), char(30) || 'f' || char(31)),
        char(30) || 'gender' || char(31), char(30) || 'g' || char(31)),
        char(30) || 'age_band' || char(31), char(30) || 'h' || char(31)),
        char(30) || 'month' || char(31), char(30) || 'i' || char(31)),
        char(30) || 'recruitment_method' || char(31), char(30) || 'j' || char(31)),
        char(30) || 'recruitment_site' || char(31), char(30) || 'k' || char(31)),
        char(30) || 'control_method' || char(31), char(30) || 'l' || char(31)),
        char(30) || 'sex_exploitation' || char(31), char(30) || 'm' || char(31)),
        char(30) || 'exploitation_site' || char(31), char(30) || 'n' || char(31)),
        char(30) || 'vulnerability' || char(31), char(30) || 'o' || char(31)),
        char(30) || 'relationship' || char(31), char(30) || 'p' || char(31)),
        char(30) || 'trafficking_status' || char(31), char(30) || 'q' || char(31)),
        char(30) || 'status_decided_by' || char(31), char(30) || 'r' || char(31)),
        char(30) || 'perpetrator_role' || char(31), char(30) || 's' || char(31)),
        char(30) || 'case_status' || char(31), char(30) || 't' || char(31)),
        char(30) || 'incoming_referral_reason' || char(31), char(30) || 'u' || char(31)),
        char(30) || 'outgoing_referral_reason' || char(31), char(30) || 'v' || char(31)),
        char(30) || 'support_plan' || char(31), char(30) || 'w' || char(31)), 2)
WHERE facet_values <> '';
