//! Countries as the news names them in each language: the name with the preposition Portuguese
//! contracts with it, the nationality adjective, cities, and the police force and prosecutors
//! that announce rescues and arrests there.
//!
//! Kept apart from the case generator's tables because news needs the three languages' spellings
//! ("Cidade do México", "Mexico City") and only cities a reader would recognise.

use super::words::{Gender, Lang};

/// A nationality adjective: a stem that takes -o/-a/-os/-as, or a word that only adds -s
/// ("nicaragüense", "costarricense").
#[derive(Clone, Copy)]
pub enum Demonym {
    Oa(&'static str),
    E(&'static str),
}

impl Demonym {
    pub fn agree(self, g: Gender, plural: bool) -> String {
        match self {
            Demonym::Oa(stem) => {
                let v = if g == Gender::F { "a" } else { "o" };
                format!("{stem}{v}{}", if plural { "s" } else { "" })
            }
            Demonym::E(word) => format!("{word}{}", if plural { "s" } else { "" }),
        }
    }
}

pub struct City {
    pub es: &'static str,
    pub pt: &'static str,
    pub en: &'static str,
}

impl City {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.es,
            Lang::Pt => self.pt,
            Lang::En => self.en,
        }
    }
}

const fn city(es: &'static str, pt: &'static str, en: &'static str) -> City {
    City { es, pt, en }
}

/// A city whose name is the same in the three languages.
const fn same(name: &'static str) -> City {
    City {
        es: name,
        pt: name,
        en: name,
    }
}

pub struct Country {
    pub code: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
    /// Portuguese "in": "no Brasil", "na Colômbia", "em Honduras".
    pub pt_in: &'static str,
    /// Portuguese "of": "do Brasil", "da Colômbia", "de Honduras".
    pub pt_of: &'static str,
    pub en: &'static str,
    pub dem_es: Demonym,
    pub dem_pt: Demonym,
    pub dem_en: &'static str,
    pub cities: &'static [City],
    /// The police force in Spanish, Portuguese and English, each with its article.
    pub police: [&'static str; 3],
    /// The prosecutors, likewise.
    pub prosecutors: [&'static str; 3],
}

impl Country {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.es,
            Lang::Pt => self.pt,
            Lang::En => self.en,
        }
    }

    /// "en Perú", "no Peru", "in Peru".
    pub fn in_(&self, lang: Lang) -> String {
        match lang {
            Lang::Es => format!("en {}", self.es),
            Lang::Pt => self.pt_in.to_string(),
            Lang::En => format!("in {}", self.en),
        }
    }

    /// Nationality adjective in Spanish or Portuguese agreed with a noun; in English the
    /// adjective, which does not change.
    pub fn demonym(&self, lang: Lang, g: Gender, plural: bool) -> String {
        match lang {
            Lang::Es => self.dem_es.agree(g, plural),
            Lang::Pt => self.dem_pt.agree(g, plural),
            Lang::En => self.dem_en.to_string(),
        }
    }

    pub fn police(&self, lang: Lang) -> &'static str {
        self.police[lang as usize]
    }

    pub fn prosecutors(&self, lang: Lang) -> &'static str {
        self.prosecutors[lang as usize]
    }
}

use Demonym::{Oa, E};

pub const COUNTRIES: &[Country] = &[
    Country {
        code: "MX",
        es: "México",
        pt: "México",
        pt_in: "no México",
        pt_of: "do México",
        en: "Mexico",
        dem_es: Oa("mexican"),
        dem_pt: Oa("mexican"),
        dem_en: "Mexican",
        cities: &[
            city("la Ciudad de México", "a Cidade do México", "Mexico City"),
            same("Tapachula"),
            same("Tijuana"),
            same("Monterrey"),
            same("Cancún"),
            same("Ciudad Juárez"),
            same("Guadalajara"),
            same("Puebla"),
            same("Oaxaca"),
        ],
        police: [
            "la Guardia Nacional",
            "a Guarda Nacional mexicana",
            "Mexico's National Guard",
        ],
        prosecutors: [
            "la Fiscalía General de la República",
            "a Procuradoria-Geral mexicana",
            "Mexico's Attorney General's Office",
        ],
    },
    Country {
        code: "CO",
        es: "Colombia",
        pt: "Colômbia",
        pt_in: "na Colômbia",
        pt_of: "da Colômbia",
        en: "Colombia",
        dem_es: Oa("colombian"),
        dem_pt: Oa("colombian"),
        dem_en: "Colombian",
        cities: &[
            same("Bogotá"),
            same("Medellín"),
            same("Cali"),
            same("Cartagena"),
            same("Cúcuta"),
            same("Pereira"),
            same("Barranquilla"),
            same("Bucaramanga"),
        ],
        police: [
            "la Policía Nacional de Colombia",
            "a Polícia Nacional da Colômbia",
            "Colombia's National Police",
        ],
        prosecutors: [
            "la Fiscalía General de la Nación",
            "a Procuradoria-Geral colombiana",
            "Colombia's Attorney General's Office",
        ],
    },
    Country {
        code: "PE",
        es: "Perú",
        pt: "Peru",
        pt_in: "no Peru",
        pt_of: "do Peru",
        en: "Peru",
        dem_es: Oa("peruan"),
        dem_pt: Oa("peruan"),
        dem_en: "Peruvian",
        cities: &[
            same("Lima"),
            same("Cusco"),
            same("Puerto Maldonado"),
            same("Juliaca"),
            same("Tumbes"),
            same("Arequipa"),
            same("Piura"),
        ],
        police: [
            "la Policía Nacional del Perú",
            "a Polícia Nacional do Peru",
            "Peru's National Police",
        ],
        prosecutors: [
            "el Ministerio Público",
            "o Ministério Público peruano",
            "Peruvian prosecutors",
        ],
    },
    Country {
        code: "BR",
        es: "Brasil",
        pt: "Brasil",
        pt_in: "no Brasil",
        pt_of: "do Brasil",
        en: "Brazil",
        dem_es: Oa("brasileñ"),
        dem_pt: Oa("brasileir"),
        dem_en: "Brazilian",
        cities: &[
            same("São Paulo"),
            city("Río de Janeiro", "o Rio de Janeiro", "Rio de Janeiro"),
            same("Manaus"),
            city("Belém", "Belém", "Belém"),
            same("Fortaleza"),
            same("Cuiabá"),
            same("Goiânia"),
            same("Recife"),
            city("Foz de Iguazú", "Foz do Iguaçu", "Foz do Iguaçu"),
        ],
        police: [
            "la Policía Federal de Brasil",
            "a Polícia Federal",
            "Brazil's Federal Police",
        ],
        prosecutors: [
            "la Fiscalía brasileña",
            "o Ministério Público Federal",
            "Brazilian federal prosecutors",
        ],
    },
    Country {
        code: "AR",
        es: "Argentina",
        pt: "Argentina",
        pt_in: "na Argentina",
        pt_of: "da Argentina",
        en: "Argentina",
        dem_es: Oa("argentin"),
        dem_pt: Oa("argentin"),
        dem_en: "Argentine",
        cities: &[
            same("Buenos Aires"),
            same("Córdoba"),
            same("Rosario"),
            same("Mendoza"),
            same("Salta"),
            same("Posadas"),
            same("Mar del Plata"),
        ],
        police: [
            "la Policía Federal Argentina",
            "a Polícia Federal Argentina",
            "Argentina's Federal Police",
        ],
        prosecutors: [
            "la fiscalía federal",
            "a Procuradoria argentina",
            "Argentine federal prosecutors",
        ],
    },
    Country {
        code: "EC",
        es: "Ecuador",
        pt: "Equador",
        pt_in: "no Equador",
        pt_of: "do Equador",
        en: "Ecuador",
        dem_es: Oa("ecuatorian"),
        dem_pt: Oa("equatorian"),
        dem_en: "Ecuadorian",
        cities: &[
            same("Quito"),
            same("Guayaquil"),
            same("Cuenca"),
            same("Huaquillas"),
            same("Machala"),
        ],
        police: [
            "la Policía Nacional del Ecuador",
            "a Polícia Nacional do Equador",
            "Ecuador's National Police",
        ],
        prosecutors: [
            "la Fiscalía General del Estado",
            "a Procuradoria-Geral equatoriana",
            "Ecuadorian prosecutors",
        ],
    },
    Country {
        code: "GT",
        es: "Guatemala",
        pt: "Guatemala",
        pt_in: "na Guatemala",
        pt_of: "da Guatemala",
        en: "Guatemala",
        dem_es: Oa("guatemaltec"),
        dem_pt: Oa("guatemaltec"),
        dem_en: "Guatemalan",
        cities: &[
            city(
                "la Ciudad de Guatemala",
                "a Cidade da Guatemala",
                "Guatemala City",
            ),
            same("Quetzaltenango"),
            same("Huehuetenango"),
            same("Escuintla"),
        ],
        police: [
            "la Policía Nacional Civil",
            "a Polícia Nacional Civil da Guatemala",
            "Guatemala's National Civil Police",
        ],
        prosecutors: [
            "el Ministerio Público",
            "o Ministério Público guatemalteco",
            "Guatemalan prosecutors",
        ],
    },
    Country {
        code: "BO",
        es: "Bolivia",
        pt: "Bolívia",
        pt_in: "na Bolívia",
        pt_of: "da Bolívia",
        en: "Bolivia",
        dem_es: Oa("bolivian"),
        dem_pt: Oa("bolivian"),
        dem_en: "Bolivian",
        cities: &[
            same("La Paz"),
            same("El Alto"),
            same("Cochabamba"),
            same("Oruro"),
            same("Tarija"),
        ],
        police: [
            "la Policía Boliviana",
            "a Polícia Boliviana",
            "Bolivian police",
        ],
        prosecutors: [
            "la Fiscalía Departamental",
            "o Ministério Público boliviano",
            "Bolivian prosecutors",
        ],
    },
    Country {
        code: "VE",
        es: "Venezuela",
        pt: "Venezuela",
        pt_in: "na Venezuela",
        pt_of: "da Venezuela",
        en: "Venezuela",
        dem_es: Oa("venezolan"),
        dem_pt: Oa("venezuelan"),
        dem_en: "Venezuelan",
        cities: &[
            same("Caracas"),
            same("Maracaibo"),
            same("Barquisimeto"),
            same("Maturín"),
        ],
        police: [
            "el Cuerpo de Investigaciones Científicas, Penales y Criminalísticas",
            "a polícia científica venezuelana",
            "Venezuela's criminal investigation police",
        ],
        prosecutors: [
            "el Ministerio Público venezolano",
            "o Ministério Público venezuelano",
            "Venezuelan prosecutors",
        ],
    },
    Country {
        code: "CL",
        es: "Chile",
        pt: "Chile",
        pt_in: "no Chile",
        pt_of: "do Chile",
        en: "Chile",
        dem_es: Oa("chilen"),
        dem_pt: Oa("chilen"),
        dem_en: "Chilean",
        cities: &[
            same("Santiago"),
            same("Iquique"),
            same("Antofagasta"),
            same("Arica"),
            same("Calama"),
        ],
        police: [
            "la Policía de Investigaciones",
            "a Polícia de Investigações do Chile",
            "Chile's Investigations Police",
        ],
        prosecutors: [
            "la Fiscalía Regional",
            "o Ministério Público chileno",
            "Chilean prosecutors",
        ],
    },
    Country {
        code: "PY",
        es: "Paraguay",
        pt: "Paraguai",
        pt_in: "no Paraguai",
        pt_of: "do Paraguai",
        en: "Paraguay",
        dem_es: Oa("paraguay"),
        dem_pt: Oa("paraguai"),
        dem_en: "Paraguayan",
        cities: &[
            city("Asunción", "Assunção", "Asunción"),
            city("Ciudad del Este", "Ciudad del Este", "Ciudad del Este"),
            same("Encarnación"),
        ],
        police: [
            "la Policía Nacional del Paraguay",
            "a Polícia Nacional do Paraguai",
            "Paraguay's National Police",
        ],
        prosecutors: [
            "el Ministerio Público",
            "o Ministério Público paraguaio",
            "Paraguayan prosecutors",
        ],
    },
    Country {
        code: "DO",
        es: "República Dominicana",
        pt: "República Dominicana",
        pt_in: "na República Dominicana",
        pt_of: "da República Dominicana",
        en: "the Dominican Republic",
        dem_es: Oa("dominican"),
        dem_pt: Oa("dominican"),
        dem_en: "Dominican",
        cities: &[
            same("Santo Domingo"),
            same("Punta Cana"),
            same("La Romana"),
            same("Puerto Plata"),
        ],
        police: [
            "la Policía Nacional dominicana",
            "a Polícia Nacional dominicana",
            "Dominican police",
        ],
        prosecutors: [
            "la Procuraduría General de la República",
            "a Procuradoria-Geral dominicana",
            "Dominican prosecutors",
        ],
    },
    Country {
        code: "HN",
        es: "Honduras",
        pt: "Honduras",
        pt_in: "em Honduras",
        pt_of: "de Honduras",
        en: "Honduras",
        dem_es: Oa("hondureñ"),
        dem_pt: Oa("hondurenh"),
        dem_en: "Honduran",
        cities: &[
            same("Tegucigalpa"),
            same("San Pedro Sula"),
            same("La Ceiba"),
        ],
        police: [
            "la Policía Nacional de Honduras",
            "a Polícia Nacional de Honduras",
            "Honduras' National Police",
        ],
        prosecutors: [
            "el Ministerio Público",
            "o Ministério Público hondurenho",
            "Honduran prosecutors",
        ],
    },
    Country {
        code: "PA",
        es: "Panamá",
        pt: "Panamá",
        pt_in: "no Panamá",
        pt_of: "do Panamá",
        en: "Panama",
        dem_es: Oa("panameñ"),
        dem_pt: Oa("panamenh"),
        dem_en: "Panamanian",
        cities: &[
            city("la Ciudad de Panamá", "a Cidade do Panamá", "Panama City"),
            same("Colón"),
            same("La Chorrera"),
        ],
        police: [
            "la Policía Nacional de Panamá",
            "a Polícia Nacional do Panamá",
            "Panama's National Police",
        ],
        prosecutors: [
            "el Ministerio Público",
            "o Ministério Público panamenho",
            "Panamanian prosecutors",
        ],
    },
    Country {
        code: "CR",
        es: "Costa Rica",
        pt: "Costa Rica",
        pt_in: "na Costa Rica",
        pt_of: "da Costa Rica",
        en: "Costa Rica",
        dem_es: E("costarricense"),
        dem_pt: Oa("costarriquenh"),
        dem_en: "Costa Rican",
        cities: &[same("San José"), same("Puntarenas"), same("Limón")],
        police: [
            "el Organismo de Investigación Judicial",
            "o Organismo de Investigação Judicial da Costa Rica",
            "Costa Rica's Judicial Investigation Agency",
        ],
        prosecutors: [
            "la Fiscalía costarricense",
            "o Ministério Público costarriquenho",
            "Costa Rican prosecutors",
        ],
    },
    Country {
        code: "SV",
        es: "El Salvador",
        pt: "El Salvador",
        pt_in: "em El Salvador",
        pt_of: "de El Salvador",
        en: "El Salvador",
        dem_es: Oa("salvadoreñ"),
        dem_pt: Oa("salvadorenh"),
        dem_en: "Salvadoran",
        cities: &[same("San Salvador"), same("Santa Ana"), same("San Miguel")],
        police: [
            "la Policía Nacional Civil",
            "a Polícia Nacional Civil de El Salvador",
            "El Salvador's National Civil Police",
        ],
        prosecutors: [
            "la Fiscalía General de la República",
            "a Procuradoria-Geral salvadorenha",
            "Salvadoran prosecutors",
        ],
    },
    Country {
        code: "NI",
        es: "Nicaragua",
        pt: "Nicarágua",
        pt_in: "na Nicarágua",
        pt_of: "da Nicarágua",
        en: "Nicaragua",
        dem_es: E("nicaragüense"),
        dem_pt: E("nicaraguense"),
        dem_en: "Nicaraguan",
        cities: &[same("Managua"), same("Chinandega")],
        police: [
            "la Policía Nacional de Nicaragua",
            "a Polícia Nacional da Nicarágua",
            "Nicaragua's National Police",
        ],
        prosecutors: [
            "el Ministerio Público",
            "o Ministério Público nicaraguense",
            "Nicaraguan prosecutors",
        ],
    },
    // Nationalities only: victims and migrants from here are found elsewhere.
    Country {
        code: "HT",
        es: "Haití",
        pt: "Haiti",
        pt_in: "no Haiti",
        pt_of: "do Haiti",
        en: "Haiti",
        dem_es: Oa("haitian"),
        dem_pt: Oa("haitian"),
        dem_en: "Haitian",
        cities: &[city("Puerto Príncipe", "Porto Príncipe", "Port-au-Prince")],
        police: [
            "la Policía Nacional de Haití",
            "a Polícia Nacional do Haiti",
            "Haiti's National Police",
        ],
        prosecutors: ["la fiscalía", "o Ministério Público", "prosecutors"],
    },
    Country {
        code: "CU",
        es: "Cuba",
        pt: "Cuba",
        pt_in: "em Cuba",
        pt_of: "de Cuba",
        en: "Cuba",
        dem_es: Oa("cuban"),
        dem_pt: Oa("cuban"),
        dem_en: "Cuban",
        cities: &[city("La Habana", "Havana", "Havana")],
        police: ["la policía", "a polícia", "police"],
        prosecutors: ["la fiscalía", "o Ministério Público", "prosecutors"],
    },
];

/// The country with an ISO code; every code the generator draws is in the table, and Mexico
/// stands in for a code that is not, so that a gap in the table never stops generation.
pub fn country(code: &str) -> &'static Country {
    COUNTRIES
        .iter()
        .find(|c| c.code == code)
        .unwrap_or(&COUNTRIES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_cities_and_known_codes() {
        for c in COUNTRIES {
            assert!(!c.cities.is_empty(), "{}", c.code);
            assert!(
                rastro_geo::countries().by_alpha2(c.code).is_some(),
                "{}",
                c.code
            );
        }
        assert_eq!(country("PE").es, "Perú");
        assert_eq!(
            country("CR").demonym(Lang::Es, Gender::F, true),
            "costarricenses"
        );
        assert_eq!(
            country("VE").demonym(Lang::Pt, Gender::M, true),
            "venezuelanos"
        );
    }
}
