//! Colours that stay distinguishable for readers with colour-vision deficiencies.

/// The Okabe–Ito categorical palette (Okabe & Ito, "Color Universal Design", 2008), in its
/// published order: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish
/// purple.
pub const OKABE_ITO: [&str; 8] = [
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];

/// Seven steps of cividis (Nuñez, Anderton & Renslow, PLoS ONE 2018), light to dark.
///
/// Sampled at 0, 1/6, …, 1 of the published 256-entry table (linear interpolation between
/// entries, then rounded to 8 bits) and reversed, so that more cases read as darker. Cividis was
/// chosen over viridis because it was optimised to look the same to readers with red–green
/// deficiencies as to everyone else.
pub const SEQUENTIAL: [&str; 7] = [
    "#FEE838", "#D2BF60", "#A59C74", "#7C7B78", "#575D6D", "#2B406D", "#00224E",
];

/// Fill of a region with no data: lighter than every step of [`SEQUENTIAL`] and without its hue,
/// so "no data" never reads as "few cases".
pub const MISSING_FILL: &str = "#EBEBEB";

/// Lines of the hatch that marks suppressed values.
pub(crate) const HATCH_INK: &str = "#595959";

/// Axis lines, grid and secondary text.
pub(crate) const AXIS: &str = "#6B6B6B";
pub(crate) const GRID: &str = "#E3E3E3";
pub(crate) const TEXT: &str = "#1A1A1A";
/// The dash of a comparison line (the same months a year earlier), in charts and legends alike.
pub(crate) const DASH: &str = "6 4";

/// The order in which series take Okabe–Ito colours.
///
/// Yellow and black come last: yellow is nearly invisible as a thin line on white, and black
/// reads as an axis rather than as data.
const SERIES_ORDER: [usize; 8] = [5, 1, 3, 6, 7, 2, 0, 4];

/// Colour of the `index`-th series; after eight series the colours repeat.
pub(crate) fn categorical(index: usize) -> &'static str {
    OKABE_ITO[SERIES_ORDER[index % SERIES_ORDER.len()]]
}

/// Colour of bin `bin` when a map has `bins` bins.
///
/// Fewer than seven bins are spread over the whole ramp rather than taking its first steps, so
/// that two bins are still as far apart as the lightest and darkest step.
pub(crate) fn sequential(bin: usize, bins: usize) -> &'static str {
    let last = SEQUENTIAL.len() - 1;
    let step = match bins {
        0 | 1 => last - 1,
        n => (bin.min(n - 1) * last + (n - 1) / 2) / (n - 1),
    };
    SEQUENTIAL[step.min(last)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_take_every_okabe_ito_colour_once_before_repeating() {
        let mut first: Vec<&str> = (0..8).map(categorical).collect();
        first.sort_unstable();
        let mut all = OKABE_ITO.to_vec();
        all.sort_unstable();
        assert_eq!(first, all);
        assert_eq!(categorical(8), categorical(0));
        assert_eq!(categorical(0), "#0072B2");
    }

    #[test]
    fn few_bins_span_the_ramp() {
        assert_eq!(sequential(0, 2), SEQUENTIAL[0]);
        assert_eq!(sequential(1, 2), SEQUENTIAL[6]);
        assert_eq!(sequential(1, 3), SEQUENTIAL[3]);
        let seven: Vec<&str> = (0..7).map(|b| sequential(b, 7)).collect();
        assert_eq!(seven, SEQUENTIAL.to_vec());
        assert_eq!(sequential(9, 3), SEQUENTIAL[6]);
    }

    #[test]
    fn ramp_gets_darker() {
        let luminance = |hex: &str| {
            let channel = |i: usize| u32::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            2126 * channel(1) + 7152 * channel(3) + 722 * channel(5)
        };
        for pair in SEQUENTIAL.windows(2) {
            assert!(luminance(pair[0]) > luminance(pair[1]), "{pair:?}");
        }
        assert!(luminance(MISSING_FILL) > luminance(SEQUENTIAL[0]));
    }
}
