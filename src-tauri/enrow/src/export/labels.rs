//! The words in an export: headers, result values and the summary sheet. English by default;
//! the desktop app passes its own translation so a Dutch user gets a Dutch workbook.

use serde::{Deserialize, Serialize};

use crate::phone::PhoneType;

/// Serialised in camelCase, as the desktop page sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExportLabels {
    pub results_sheet: String,
    pub summary_sheet: String,
    pub index: String,
    pub qualification: String,
    pub phone: String,
    pub phone_type: String,
    pub national_format: String,
    pub country: String,
    pub linkedin_url: String,
    pub firstname: String,
    pub lastname: String,
    pub company_name: String,
    pub company_domain: String,
    pub custom: String,
    pub found: String,
    pub not_found: String,
    pub batch_id: String,
    pub status: String,
    pub requested: String,
    pub found_count: String,
    pub hit_rate: String,
    pub credits_charged: String,
    pub credits_refunded: String,
    pub credits_net: String,
    pub batch_custom: String,
    pub exported_at: String,
    pub rows_exported: String,
    pub found_only_note: String,
    pub mobiles_only_note: String,
    pub type_mobile: String,
    pub type_landline: String,
    pub type_mobile_or_landline: String,
    pub type_voip: String,
    pub type_toll_free: String,
    pub type_premium_rate: String,
    pub type_shared_cost: String,
    pub type_personal: String,
    pub type_pager: String,
    pub type_other: String,
    pub type_invalid: String,
    /// The Result of a row "Add to my spreadsheet" left empty: several rows (`{rows}`) could
    /// be the person searched for.
    pub merge_ambiguous: String,
    /// …: the sheet has no column for a searched value (`{field}`, a parameter's header).
    pub merge_no_column: String,
    /// …: the row names nobody.
    pub merge_no_person: String,
    /// …: nothing in the batch was searched with this row's values.
    pub merge_not_in_batch: String,
    /// The Result of a row of a list sent from the app that was not searched: too little to
    /// search.
    pub merge_too_little: String,
    /// …: its link is not a person's LinkedIn profile.
    pub merge_not_a_profile: String,
}

impl Default for ExportLabels {
    fn default() -> Self {
        let s = str::to_owned;
        Self {
            results_sheet: s("Phone numbers"),
            summary_sheet: s("Summary"),
            index: s("Index"),
            qualification: s("Result"),
            phone: s("Phone number"),
            phone_type: s("Type"),
            national_format: s("National format"),
            country: s("Country"),
            linkedin_url: s("LinkedIn URL"),
            firstname: s("First name"),
            lastname: s("Last name"),
            company_name: s("Company name"),
            company_domain: s("Company domain"),
            custom: s("Custom"),
            found: s("Found"),
            not_found: s("Not found"),
            batch_id: s("Batch id"),
            status: s("Status"),
            requested: s("Requested"),
            found_count: s("Found"),
            hit_rate: s("Hit rate"),
            credits_charged: s("Credits charged"),
            credits_refunded: s("Credits refunded"),
            credits_net: s("Net credits"),
            batch_custom: s("Custom data"),
            exported_at: s("Exported at"),
            rows_exported: s("Rows in this file"),
            found_only_note: s("found numbers only"),
            mobiles_only_note: s("mobiles only"),
            type_mobile: s("Mobile"),
            type_landline: s("Landline"),
            type_mobile_or_landline: s("Mobile or landline"),
            type_voip: s("VoIP"),
            type_toll_free: s("Toll-free"),
            type_premium_rate: s("Premium rate"),
            type_shared_cost: s("Shared cost"),
            type_personal: s("Personal"),
            type_pager: s("Pager"),
            type_other: s("Other"),
            type_invalid: s("Invalid"),
            merge_ambiguous: s("Not filled: rows {rows} could each be this person"),
            merge_no_column: s("Not filled: no column to check the {field} against"),
            merge_no_person: s("Not filled: no name or LinkedIn link"),
            merge_not_in_batch: s("Not filled: not in this batch, or changed since"),
            merge_too_little: s(
                "Not searched: no LinkedIn link, and no first name, last name and company",
            ),
            merge_not_a_profile: s("Not searched: the link is not a person’s LinkedIn profile"),
        }
    }
}

impl ExportLabels {
    /// The word for a phone type.
    pub fn phone_type(&self, kind: PhoneType) -> &str {
        match kind {
            PhoneType::Mobile => &self.type_mobile,
            PhoneType::Landline => &self.type_landline,
            PhoneType::MobileOrLandline => &self.type_mobile_or_landline,
            PhoneType::Voip => &self.type_voip,
            PhoneType::TollFree => &self.type_toll_free,
            PhoneType::PremiumRate => &self.type_premium_rate,
            PhoneType::SharedCost => &self.type_shared_cost,
            PhoneType::Personal => &self.type_personal,
            PhoneType::Pager => &self.type_pager,
            PhoneType::Other => &self.type_other,
            PhoneType::Invalid => &self.type_invalid,
        }
    }

    /// The header of a search parameter column: a translated name for the ones people know,
    /// the parameter's own name for any other.
    pub fn param<'a>(&'a self, name: &'a str) -> &'a str {
        match name {
            "linkedin_url" => &self.linkedin_url,
            "firstname" => &self.firstname,
            "lastname" => &self.lastname,
            "company_name" => &self.company_name,
            "company_domain" => &self.company_domain,
            other => other,
        }
    }
}
