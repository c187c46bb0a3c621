-- A case's facet values text (`cases.facet_values`, since 0024) names each facet by a one-letter
-- code instead of its name (`Facet::code`): the names were half of that text, and the text half
-- of what an import writes for a case. Older texts are rewritten here, name by name: a name
-- stands between a pair's start (U+001E, put before the text's first pair too) and U+001F, and
-- neither a name nor a value holds either separator, so only whole names are replaced.
UPDATE cases SET facet_values = substr(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(chr(30) || facet_values,
        chr(30) || 'exploitation' || chr(31), chr(30) || 'a' || chr(31)),
        chr(30) || 'exploitation_country' || chr(31), chr(30) || 'b' || chr(31)),
        chr(30) || 'recruitment_country' || chr(31), chr(30) || 'c' || chr(31)),
        chr(30) || 'transit_country' || chr(31), chr(30) || 'd' || chr(31)),
        chr(30) || 'citizenship' || chr(31), chr(30) || 'e' || chr(31)),
        chr(30) || 'industry' || chr(31), chr(30) || 'f' || chr(31)),
        chr(30) || 'gender' || chr(31), chr(30) || 'g' || chr(31)),
        chr(30) || 'age_band' || chr(31), chr(30) || 'h' || chr(31)),
        chr(30) || 'month' || chr(31), chr(30) || 'i' || chr(31)),
        chr(30) || 'recruitment_method' || chr(31), chr(30) || 'j' || chr(31)),
        chr(30) || 'recruitment_site' || chr(31), chr(30) || 'k' || chr(31)),
        chr(30) || 'control_method' || chr(31), chr(30) || 'l' || chr(31)),
        chr(30) || 'sex_exploitation' || chr(31), chr(30) || 'm' || chr(31)),
        chr(30) || 'exploitation_site' || chr(31), chr(30) || 'n' || chr(31)),
        chr(30) || 'vulnerability' || chr(31), chr(30) || 'o' || chr(31)),
        chr(30) || 'relationship' || chr(31), chr(30) || 'p' || chr(31)),
        chr(30) || 'trafficking_status' || chr(31), chr(30) || 'q' || chr(31)),
        chr(30) || 'status_decided_by' || chr(31), chr(30) || 'r' || chr(31)),
        chr(30) || 'perpetrator_role' || chr(31), chr(30) || 's' || chr(31)),
        chr(30) || 'case_status' || chr(31), chr(30) || 't' || chr(31)),
        chr(30) || 'incoming_referral_reason' || chr(31), chr(30) || 'u' || chr(31)),
        chr(30) || 'outgoing_referral_reason' || chr(31), chr(30) || 'v' || chr(31)),
        chr(30) || 'support_plan' || chr(31), chr(30) || 'w' || chr(31)), 2)
WHERE facet_values <> '';
