//! The demo batch Enrow Desk offers to people without an Enrow account: forty searches with a
//! realistic mix of LinkedIn profiles and names with companies, accents included, so the demo
//! shows found and not-found rows, several countries, and every export column.

use serde_json::{Value, json};

/// What the demo submits, as `POST /phone/bulk` takes it.
pub fn request() -> Value {
    const PEOPLE: &[(&str, &str, &str)] = &[
        ("Sophie", "Martin", "Atelier Lumière"),
        ("Lukas", "Schröder", "Bergmann & Söhne GmbH"),
        ("Emma", "de Vries", "Koninklijke Tulp B.V."),
        ("Hugo", "Lefèvre", "Société Générale d'Études"),
        ("Chloé", "Dubois", "Maison Verte"),
        ("Daan", "Janssen", "Noordzee Logistiek"),
        ("Inès", "García", "Soluciones Ibéricas S.L."),
        ("Mateo", "Núñez", "Barcelona Data Lab"),
        ("Olivia", "Brown", "Northwind Traders"),
        ("Noah", "Williams", "Acme Robotics"),
        ("Léa", "Moreau", "Café de Flore Events"),
        ("Finn", "Müller", "Alpenblick Reisen"),
        ("Sara", "Johansson", "Fjällräven Outdoor AB"),
        ("Jan", "Peeters", "Brussels Wafels NV"),
        ("Zoë", "Van den Berg", "Delta Energie"),
        ("Ana", "Conceição", "Lisboa Digital"),
        ("Marco", "Rossi", "Trattoria Software S.r.l."),
        ("Élodie", "Bernard", "Vins de Bourgogne SAS"),
        ("Jonas", "Weiß", "Kaiser Maschinenbau"),
        ("Amélie", "Roux", "Provence Parfums"),
    ];
    let mut searches = Vec::new();
    for (i, (first, last, company)) in PEOPLE.iter().enumerate() {
        let slug: String = format!("{first}-{last}")
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        searches.push(json!({
            "linkedin_url": format!("https://www.linkedin.com/in/{slug}-{}", 100 + i),
            "custom": format!("LEAD-{:04}", 1001 + i * 2),
        }));
        searches.push(json!({
            "firstname": first,
            "lastname": last,
            "company_name": company,
            "custom": format!("LEAD-{:04}", 1002 + i * 2),
        }));
    }
    json!({
        "searches": searches,
        "custom": {"campaign": "Trade fair leads (demo)", "owner": "Demo"},
    })
}
