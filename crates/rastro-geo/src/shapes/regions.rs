//! Country groupings the map is drawn for.

/// The 33 Latin American and Caribbean member states of the United Nations (the UN regional
/// group GRULAC), as ISO 3166-1 alpha-2 codes in English alphabetical order of their names.
/// Territories such as Puerto Rico, French Guiana or Curaçao are not members and are not listed.
pub const LATIN_AMERICA_AND_CARIBBEAN: [&str; 33] = [
    "AG", // Antigua and Barbuda
    "AR", // Argentina
    "BS", // Bahamas
    "BB", // Barbados
    "BZ", // Belize
    "BO", // Bolivia
    "BR", // Brazil
    "CL", // Chile
    "CO", // Colombia
    "CR", // Costa Rica
    "CU", // Cuba
    "DM", // Dominica
    "DO", // Dominican Republic
    "EC", // Ecuador
    "SV", // El Salvador
    "GD", // Grenada
    "GT", // Guatemala
    "GY", // Guyana
    "HT", // Haiti
    "HN", // Honduras
    "JM", // Jamaica
    "MX", // Mexico
    "NI", // Nicaragua
    "PA", // Panama
    "PY", // Paraguay
    "PE", // Peru
    "KN", // Saint Kitts and Nevis
    "LC", // Saint Lucia
    "VC", // Saint Vincent and the Grenadines
    "SR", // Suriname
    "TT", // Trinidad and Tobago
    "UY", // Uruguay
    "VE", // Venezuela
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::countries::countries;

    #[test]
    fn every_code_is_a_known_country_and_none_repeats() {
        let mut seen = Vec::new();
        for code in LATIN_AMERICA_AND_CARIBBEAN {
            let c = countries().by_alpha2(code);
            assert!(c.is_some(), "{code} is not in the country table");
            assert!(!seen.contains(&code), "{code} twice");
            seen.push(code);
        }
    }
}
