//! A generator of Latin American people and of the ways their names vary at a border, for the
//! benchmark's large watchlist and for the tuning set. Frequencies are rough Zipf weights over
//! common given names and surnames of Spanish- and Portuguese-speaking countries.

use rastro_screen::{Gender, PartialDate, Person};

const FEMALE_ES: &str = "María Ana Carmen Rosa Luz Laura Sofía Valentina Camila Isabella Daniela Gabriela Andrea Mariana Paola Patricia Claudia Sandra Verónica Alejandra Carolina Fernanda Natalia Adriana Mónica Diana Lucía Martina Ximena Yolanda Guadalupe Teresa Elena Silvia Beatriz Julia Angélica Esperanza Gloria Marisol Yesenia Jimena Valeria Victoria Josefina Inés Raquel Ruth Noemí Lorena Vanessa Karla Lizbeth Maribel Milagros Rocío Estefanía Esther Pilar Consuelo Dolores";
const MALE_ES: &str = "José Juan Luis Carlos Jorge Miguel Jesús Pedro Manuel Antonio Francisco Alejandro Javier Fernando Ricardo Roberto Eduardo Daniel David Rafael Sergio Andrés Diego Mario Héctor Óscar Raúl Ángel Pablo Víctor Santiago Sebastián Mateo Matías Nicolás Gabriel Julio César Enrique Arturo Alberto Hugo Guillermo Ramón Rubén Gustavo Álvaro Ignacio Jaime Felipe Emilio Gonzalo Esteban Wilmer Yeison Brayan Edwin Wilson Héctor Joaquín Rodrigo";
const FEMALE_PT: &str = "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Sandra Camila Amanda Bruna Jéssica Letícia Júlia Luciana Vanessa Mariana Gabriela Vitória Larissa Beatriz Tereza Isabel Raimunda Josefa Rita Luíza Conceição Débora Tatiana Priscila Renata Simone";
const MALE_PT: &str = "José João Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel Rafael Daniel Marcelo Bruno Eduardo Felipe Raimundo Rodrigo Manoel Mateus André Fernando Fábio Leonardo Gustavo Guilherme Leandro Tiago Anderson Ricardo Márcio Jorge Sebastião Alexandre Roberto Edson Diego Vitor Sérgio Cláudio Matheus Thiago Geraldo Adriano Luciano Júlio Renato Alex Vinícius Rogério Samuel Ronaldo Mário Flávio Igor Douglas Davi Wagner Henrique";
const SURNAME_ES: &str = "García Rodríguez González Hernández López Martínez Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Reyes Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Jiménez Mendoza Álvarez Castillo Vásquez Romero Herrera Medina Aguilar Vargas Castro Guzmán Fernández Muñoz Rojas Moreno Mejía Salazar Suárez Núñez Silva Peña Soto Contreras Valencia Quispe Mamani Vega Cabrera Ríos Acosta Navarro Benítez Campos Figueroa Ospina Cárdenas Delgado Paredes Espinoza Guerrero Montoya Zapata Carrillo Sandoval Cortés Bravo Palacios Villalobos Escobar Córdoba Molina Ortega Lozano Maldonado Ibarra Vera Fuentes Pineda Valdez Arias Osorio Cáceres Zambrano Quintero Salinas Villanueva Duarte Miranda Barrios Orozco Cuevas Ponce Estrada Velásquez Calderón Huamán Condori Chambi Ccallo Yupanqui Villca Choque Apaza Ticona Gallardo Beltrán Solís Mora Luna Cervantes Ayala Cisneros Serrano Márquez Santiago Pacheco Rosales Correa Bermúdez Echeverría Galindo Hidalgo Ibáñez Jaramillo Londoño Uribe Restrepo Giraldo Henao Betancourt Agudelo Marín Cardona";
const SURNAME_PT: &str = "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira Araújo Pinto Correia Cavalcanti Monteiro Moura Batista Campos Castro Reis Medeiros Farias Melo Xavier Brito Moraes Bezerra Borges Cunha Miranda Azevedo Peixoto Siqueira Magalhães Coelho Queiroz Sampaio Guimarães Figueiredo Fonseca Rezende Assunção Conceição Tavares Paiva Lacerda";
const ES_COUNTRIES: &[&str] = &[
    "MX", "CO", "VE", "PE", "EC", "GT", "HN", "SV", "BO", "AR", "CL", "DO", "CU", "PY", "NI", "CR",
    "PA", "UY",
];

/// A small deterministic generator (SplitMix64): the benchmark must be reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
}

/// Words with Zipf weights: cumulative table for sampling.
struct Zipf {
    words: Vec<&'static str>,
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(text: &'static str) -> Zipf {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|i| {
                total += 1.0 / ((i + 1) as f64).powf(0.9);
                total
            })
            .collect();
        Zipf { words, cumulative }
    }
    fn pick(&self, rng: &mut Rng) -> &'static str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        self.words[i.min(self.words.len() - 1)]
    }
}

pub struct Generator {
    female_es: Zipf,
    male_es: Zipf,
    female_pt: Zipf,
    male_pt: Zipf,
    surname_es: Zipf,
    surname_pt: Zipf,
}

/// The structured parts of a generated person, kept to make variants.
#[derive(Clone)]
pub struct Parts {
    pub given: Vec<String>,
    pub surnames: Vec<String>,
    pub portuguese: bool,
}

impl Parts {
    pub fn full(&self) -> String {
        let mut words = self.given.clone();
        words.extend(self.surnames.iter().cloned());
        words.join(" ")
    }
}

impl Generator {
    pub fn new() -> Generator {
        Generator {
            female_es: Zipf::new(FEMALE_ES),
            male_es: Zipf::new(MALE_ES),
            female_pt: Zipf::new(FEMALE_PT),
            male_pt: Zipf::new(MALE_PT),
            surname_es: Zipf::new(SURNAME_ES),
            surname_pt: Zipf::new(SURNAME_PT),
        }
    }

    /// A new person with id `id`; returns the person and the parts of their name.
    pub fn person(&self, rng: &mut Rng, id: String) -> (Person, Parts) {
        let portuguese = rng.chance(0.3);
        let female = rng.chance(0.5);
        let given_pool = match (portuguese, female) {
            (false, true) => &self.female_es,
            (false, false) => &self.male_es,
            (true, true) => &self.female_pt,
            (true, false) => &self.male_pt,
        };
        let surname_pool = if portuguese {
            &self.surname_pt
        } else {
            &self.surname_es
        };
        let mut given = vec![given_pool.pick(rng).to_string()];
        if rng.chance(0.4) {
            let second = given_pool.pick(rng);
            if second != given[0] {
                given.push(second.to_string());
            }
        }
        let mut surnames = vec![surname_pool.pick(rng).to_string()];
        if rng.chance(if portuguese { 0.6 } else { 0.92 }) {
            let second = surname_pool.pick(rng);
            if second != surnames[0] {
                surnames.push(second.to_string());
            }
        }
        let country = if portuguese {
            "BR"
        } else {
            ES_COUNTRIES[rng.below(ES_COUNTRIES.len())]
        };
        let year = 1950 + rng.below(58) as u16;
        let month = 1 + rng.below(12) as u8;
        let day = 1 + rng.below(28) as u8;
        let birth_dates = match rng.below(20) {
            0 => vec![],
            1..=3 => vec![PartialDate {
                year,
                month: None,
                day: None,
            }],
            _ => vec![PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            }],
        };
        let parts = Parts {
            given,
            surnames,
            portuguese,
        };
        let documents = if rng.chance(0.5) {
            vec![format!("{}{:08}", country, rng.below(100_000_000))]
        } else {
            vec![]
        };
        let person = Person {
            id,
            names: vec![parts.full()],
            birth_dates,
            gender: Some(if female { Gender::Female } else { Gender::Male }),
            nationalities: rastro_geo::countries()
                .by_alpha2(country)
                .into_iter()
                .collect(),
            documents,
            topics: vec![],
        };
        (person, parts)
    }
}

/// Spanish and Portuguese spellings of the same names.
const COGNATES: &[(&str, &str)] = &[
    ("Luis", "Luiz"),
    ("Teresa", "Tereza"),
    ("Sousa", "Souza"),
    ("Inés", "Inês"),
    ("Antonio", "Antônio"),
    ("Victoria", "Vitória"),
    ("Isabel", "Izabel"),
    ("Felipe", "Filipe"),
    ("Rafael", "Raphael"),
    ("Enrique", "Henrique"),
    ("Fernández", "Fernandes"),
    ("Rodríguez", "Rodrigues"),
    ("López", "Lopes"),
    ("Pérez", "Peres"),
    ("Álvarez", "Álvares"),
    ("Méndez", "Mendes"),
    ("Núñez", "Nunes"),
    ("Gómez", "Gomes"),
    ("Díaz", "Dias"),
    ("Juan", "João"),
    ("Martínez", "Martins"),
    ("Gonzalez", "Gonçalves"),
];

/// A way a name is written differently for the same person.
pub fn variant(rng: &mut Rng, parts: &Parts) -> String {
    let mut p = parts.clone();
    let edits = 1 + rng.below(2);
    let mut comma_order = false;
    for _ in 0..edits {
        match rng.below(11) {
            0 if p.surnames.len() > 1 => {
                p.surnames.pop();
            }
            1 if p.surnames.len() > 1 => p.surnames.swap(0, 1),
            2 => comma_order = true,
            3 => {
                let g = &mut p.given[0];
                *g = if g.starts_with("Mar") && rng.chance(0.5) {
                    "Ma.".to_string()
                } else {
                    format!("{}.", g.chars().next().unwrap_or('X'))
                };
                if p.given.len() == 1 && rng.chance(0.5) {
                    p.given[0] = parts.given[0].clone();
                }
            }
            4 if p.given.len() > 1 => {
                p.given.pop();
            }
            5 => {
                let i = rng.below(p.surnames.len());
                p.surnames[i] = sound_alike(rng, &p.surnames[i]);
            }
            6 => {
                let i = rng.below(p.given.len());
                p.given[i] = sound_alike(rng, &p.given[i]);
            }
            7 => {
                let all: Vec<&mut String> =
                    p.given.iter_mut().chain(p.surnames.iter_mut()).collect();
                let n = all.len();
                let mut all = all;
                let w = &mut all[rng.below(n)];
                **w = typo(rng, w);
            }
            8 => {
                for w in p.given.iter_mut().chain(p.surnames.iter_mut()) {
                    for (a, b) in COGNATES {
                        if w == a {
                            *w = b.to_string();
                        } else if w == b {
                            *w = a.to_string();
                        }
                    }
                }
            }
            9 => {
                for w in p.given.iter_mut().chain(p.surnames.iter_mut()) {
                    *w = rastro_text::fold_name(w).to_uppercase();
                }
            }
            _ => {
                if p.portuguese && p.surnames.len() == 1 {
                    p.surnames.insert(0, "da".to_string());
                } else if p.surnames.len() == 2 {
                    p.surnames
                        .insert(1, if p.portuguese { "e" } else { "y" }.to_string());
                }
            }
        }
    }
    if comma_order {
        format!(
            "{}, {}",
            p.surnames.join(" ").to_uppercase(),
            p.given.join(" ")
        )
    } else {
        p.full()
    }
}

fn sound_alike(rng: &mut Rng, word: &str) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("v", "b"),
        ("b", "v"),
        ("z", "s"),
        ("s", "z"),
        ("ll", "y"),
        ("y", "ll"),
        ("ce", "se"),
        ("ci", "si"),
        ("qu", "k"),
        ("ge", "je"),
        ("gi", "ji"),
        ("ñ", "nh"),
        ("h", ""),
        ("ss", "s"),
        ("th", "t"),
        ("ph", "f"),
        ("ç", "ss"),
    ];
    let start = rng.below(SWAPS.len());
    for k in 0..SWAPS.len() {
        let (a, b) = SWAPS[(start + k) % SWAPS.len()];
        if word.contains(a) {
            return word.replacen(a, b, 1);
        }
    }
    word.to_string()
}

fn typo(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_string();
    }
    let i = 1 + rng.below(chars.len() - 2);
    match rng.below(3) {
        0 => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => chars[i] = (b'a' + rng.below(26) as u8) as char,
    }
    chars.into_iter().collect()
}
