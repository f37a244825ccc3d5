#!/usr/bin/env python3
"""Rows in the column layout of AidData's GCDF 3.0 project table, invented.

`python3 scripts/gcdf_rows.py sample OUT.csv` writes the six test rows of
cli/tests/data/gcdf/ (a grant, a loan with terms, a co-financed loan with the
IDB and the IFC, a `|` inside a title, a row not recommended for aggregates, a
rollover adjusted to zero, estimated amounts and dates, http/https duplicate
sources, a parent id and an unidentified Chinese government institution).
`python3 scripts/gcdf_rows.py bench N OUT.csv` writes N rows of the same shape
for the import benchmark. No row is AidData's: only the column names are.
"""
import csv
import random
import sys

COLUMNS = """AidData Record ID,Recommended For Aggregates,AidData Parent ID,Umbrella,Financier Country,Recipient,Recipient ISO-3,Recipient Region,Commitment Year,Implementation Start Year,Completion Year,Title,Description,Staff Comments,Status,Intent,Flow Type,Flow Type Simplified,OECD ODA Concessionality Threshold,Flow Class,Sector Code,Sector Name,Infrastructure,COVID,Funding Agencies,Funding Agencies Type,Co-financed,Co-financing Agencies,Co-financing Agencies Type,Direct Receiving Agencies,Direct Receiving Agencies Type,Indirect Receiving Agencies,Indirect Receiving Agencies Type,On-lending,Implementing Agencies,Implementing Agencies Type,Guarantee Provided,Guarantor,Guarantor Agency Type,Insurance Provided,Insurance Provider,Insurance Provider Agency Type,Collateralized,Collateral Provider,Collateral Provider Agency Type,Security Agent/Collateral Agent,Security Agent/Collateral Agent Type,Collateral,Amount (Original Currency),Original Currency,Amount Estimated,Amount (Constant USD 2021),Amount (Nominal USD),Adjusted Amount (Original Currency),Adjusted Amount (Constant USD 2021),Adjusted Amount (Nominal USD),Financial Distress,Commitment Date (MM/DD/YYYY),Commitment Date Estimated,Planned Implementation Start Date (MM/DD/YYYY),Actual Implementation Start Date (MM/DD/YYYY),Actual Implementation Start Date Estimated,Deviation from Planned Implementation Start Date,Planned Completion Date (MM/DD/YYYY),Actual Completion Date (MM/DD/YYYY),Actual Completion Date Estimated,Deviation from Planned Completion Date,Maturity,Interest Rate,Grace Period,Management Fee,Commitment Fee,Insurance Fee (Percent),Insurance Fee (Nominal USD),Default Interest Rate,First Loan Repayment Date,Last Loan Repayment Date,Grant Element (OECD Cash-Flow),Grant Element (OECD Grant-Equiv),Grant Element (IMF),Number of Lenders,Export Buyer's Credit,Supplier’s Credit/Export Seller’s Credit,Interest-Free Loan,Refinancing,Investment Project Loan,M&A,Working Capital,EPCF,Lease,FXSL/BOP,CC IRS,RCF,GCL,PBC,PxF/Commodity Prepayment,Inter-Bank Loan,Overseas Project Contracting Loan,DPA,Project Finance,Involving Multilateral,Non-Chinese Financier,Short-Term,Rescue,Project JV/SPV Host Government Ownership,Project JV/SPV Chinese Government Ownership,Level of Public Liability,Total Source Count,Official Source Count,Source URLs,Source Titles,Source Publishers,Source Resource Types,Contact Name,Contact Position,ODA Eligible Recipient,OECD ODA Income Group,Location Narrative,Geographic Level of Precision Available,ADM1 Level Available,ADM2 Level Available,Geospatial Feature Available,Source Quality Score,Data Completeness Score,Implementation Detail Score,Loan Detail Score""".split(",")

CHINA = "China (People's Republic of)"

def row(**kw):
    r = {c: "" for c in COLUMNS}
    r.update({"Recommended For Aggregates": "Yes", "Umbrella": "No", "Financier Country": CHINA,
              "Recipient Region": "America", "Status": "Implementation", "Intent": "Development",
              "Co-financed": "No", "Non-Chinese Financier": "No", "ODA Eligible Recipient": "Yes",
              "Geographic Level of Precision Available": "Precise", "Source Quality Score": "4",
              "Data Completeness Score": "4", "Implementation Detail Score": "3.0"})
    for k, v in kw.items():
        r[k.replace("_", " ") if k.replace("_", " ") in r else k] = v
    missing = [k for k in r if k not in COLUMNS]
    assert not missing, missing
    return r

def sample():
    return [
        row(**{"AidData Record ID": "900001", "Recipient": "Jamaica", "Recipient ISO-3": "JAM",
               "Commitment Year": "2015", "Title": "Invented grant for a harbour training centre",
               "Description": "An invented grant for tests.", "Flow Type": "Grant", "Flow Type Simplified": "Grant",
               "Flow Class": "ODA-like", "Sector Code": "210", "Sector Name": "TRANSPORT AND STORAGE",
               "Funding Agencies": "China Ministry of Commerce", "Funding Agencies Type": "Government Agency",
               "Direct Receiving Agencies": "Port Authority of Jamaica", "Direct Receiving Agencies Type": "Recipient Government Agency",
               "Implementing Agencies": "China Harbour Engineering Co., Ltd. (CHEC)", "Implementing Agencies Type": "Chinese State-owned Company",
               "Amount (Original Currency)": "21000000.0", "Original Currency": "CNY", "Amount (Constant USD 2021)": "3800000.5",
               "Amount (Nominal USD)": "3371000.0", "Adjusted Amount (Original Currency)": "21000000.0",
               "Adjusted Amount (Constant USD 2021)": "3800000.5", "Adjusted Amount (Nominal USD)": "3371000.0",
               "Commitment Date (MM/DD/YYYY)": "2015-06-02", "Commitment Date Estimated": "No",
               "Total Source Count": "2", "Official Source Count": "1",
               "Source URLs": "http://example.org/news/grant |https://example.com/grant-signed",
               "Source Titles": "Grant signed|Harbour centre grant", "Source Publishers": "Example News|Example Gov",
               "Source Resource Types": "Media Report|Donor/Recipient Official Source"}),
        row(**{"AidData Record ID": "900002", "Recipient": "Ecuador", "Recipient ISO-3": "ECU", "AidData Parent ID": "900001",
               "Commitment Year": "2016", "Title": "Invented loan for a container terminal", "Description": "An invented loan.",
               "Flow Type": "Loan", "Flow Type Simplified": "Loan", "Flow Class": "OOF-like", "Sector Code": "210",
               "Sector Name": "TRANSPORT AND STORAGE", "Funding Agencies": "Export-Import Bank of China (China Eximbank)",
               "Funding Agencies Type": "State-owned Policy Bank", "Direct Receiving Agencies": "Government of Ecuador",
               "Direct Receiving Agencies Type": "Recipient Government Agency",
               "Implementing Agencies": "China Harbour Engineering Co., Ltd.|Government of Ecuador",
               "Implementing Agencies Type": "Chinese State-owned Company|Recipient Government Agency",
               "Guarantee Provided": "Yes", "Guarantor": "Ministry of Finance of Ecuador", "Guarantor Agency Type": "Recipient Government Agency",
               "Amount (Original Currency)": "120000000.0", "Original Currency": "USD", "Amount (Constant USD 2021)": "131000000.25",
               "Amount (Nominal USD)": "120000000.0", "Adjusted Amount (Original Currency)": "120000000.0",
               "Adjusted Amount (Constant USD 2021)": "131000000.25", "Adjusted Amount (Nominal USD)": "120000000.0",
               "Commitment Date (MM/DD/YYYY)": "2016-03-10", "Commitment Date Estimated": "No",
               "Actual Implementation Start Date (MM/DD/YYYY)": "2016-01-05",
               "Maturity": "20.0", "Interest Rate": "2.0", "Grace Period": "5.0",
               "First Loan Repayment Date": "2021-03-10", "Last Loan Repayment Date": "2036-03-10",
               "Total Source Count": "2", "Official Source Count": "1",
               "Source URLs": "https://example.org/news/grant|https://example.net/loan",
               "Source Titles": "Grant signed|Loan for terminal", "Source Publishers": "Example News|Example Net",
               "Source Resource Types": "Media Report|Media Report"}),
        row(**{"AidData Record ID": "900003", "Recipient": "Brazil", "Recipient ISO-3": "BRA", "Co-financed": "Yes",
               "Commitment Year": "2018", "Title": "Invented co-financed loan for a power plant", "Description": "An invented co-financed loan.",
               "Flow Type": "Loan", "Flow Type Simplified": "Loan", "Flow Class": "Vague (Official Finance)", "Sector Code": "230",
               "Sector Name": "ENERGY", "Funding Agencies": "People's Bank of China (PBC)", "Funding Agencies Type": "Government Agency",
               "Co-financing Agencies": "IDB Invest (Inter-American Investment Corporation)|International Finance Corporation (IFC)|Example Private Lender",
               "Co-financing Agencies Type": "Other Intergovernmental Organization|Other Intergovernmental Organization|Other Private Sector",
               "Direct Receiving Agencies": "Example Power SPV S.A.", "Direct Receiving Agencies Type": "Other Joint Venture/Special Purpose Vehicle",
               "Amount (Original Currency)": "50000000.0", "Original Currency": "USD", "Amount Estimated": "Yes",
               "Amount (Constant USD 2021)": "52000000.0", "Amount (Nominal USD)": "50000000.0",
               "Adjusted Amount (Original Currency)": "50000000.0", "Adjusted Amount (Constant USD 2021)": "52000000.0",
               "Adjusted Amount (Nominal USD)": "50000000.0",
               "Commitment Date (MM/DD/YYYY)": "2018-01-01", "Commitment Date Estimated": "Yes",
               "Actual Completion Date (MM/DD/YYYY)": "2020-07-01", "Actual Completion Date Estimated": "Yes",
               "Total Source Count": "1", "Official Source Count": "0",
               "Source URLs": "https://example.net/loan/", "Source Titles": "Loan for terminal", "Source Publishers": "Example Net",
               "Source Resource Types": "Media Report"}),
        row(**{"AidData Record ID": "900004", "Recipient": "Jamaica", "Recipient ISO-3": "JAM", "Recommended For Aggregates": "No",
               "Commitment Year": "2017", "Title": "Invented grant counted elsewhere", "Description": "An invented grant that AidData would not add.",
               "Flow Type": "Grant", "Flow Type Simplified": "Grant", "Flow Class": "ODA-like", "Sector Code": "160",
               "Sector Name": "OTHER SOCIAL INFRASTRUCTURE AND SERVICES",
               "Funding Agencies": "Unspecified Chinese Government Institution", "Funding Agencies Type": "Government Agency",
               "Direct Receiving Agencies": "Government of Jamaica", "Direct Receiving Agencies Type": "Recipient Government Agency",
               "Amount (Original Currency)": "1000000.0", "Original Currency": "JMD", "Amount (Constant USD 2021)": "9000.0",
               "Amount (Nominal USD)": "8000.0", "Adjusted Amount (Original Currency)": "1000000.0",
               "Adjusted Amount (Constant USD 2021)": "9000.0", "Adjusted Amount (Nominal USD)": "8000.0",
               "Commitment Date (MM/DD/YYYY)": "2017-05-05", "Commitment Date Estimated": "No",
               "Total Source Count": "1", "Official Source Count": "1",
               "Source URLs": "https://example.com/grant-signed", "Source Titles": "Harbour centre grant",
               "Source Publishers": "Example Gov", "Source Resource Types": "Donor/Recipient Official Source"}),
        row(**{"AidData Record ID": "900005", "Recipient": "Argentina", "Recipient ISO-3": "ARG",
               "Commitment Year": "2018", "Title": "Invented currency swap rollover", "Description": "An invented rollover of a swap line.",
               "Flow Type": "Loan", "Flow Type Simplified": "Loan", "Flow Class": "OOF-like", "Sector Code": "240",
               "Sector Name": "BANKING AND FINANCIAL SERVICES", "FXSL/BOP": "Yes",
               "Funding Agencies": "People's Bank of China (PBC)", "Funding Agencies Type": "Government Agency",
               "Direct Receiving Agencies": "Central Bank of Argentina", "Direct Receiving Agencies Type": "Recipient Government Agency",
               "Amount (Original Currency)": "70000000000.0", "Original Currency": "CNY", "Amount (Constant USD 2021)": "11000000000.0",
               "Amount (Nominal USD)": "10500000000.0", "Adjusted Amount (Original Currency)": "0.0",
               "Adjusted Amount (Constant USD 2021)": "0.0", "Adjusted Amount (Nominal USD)": "0.0",
               "Commitment Date (MM/DD/YYYY)": "2018-12-02", "Commitment Date Estimated": "No",
               "Total Source Count": "1", "Official Source Count": "1",
               "Source URLs": "http://EXAMPLE.org/swap", "Source Titles": "Swap renewed", "Source Publishers": "Example Bank",
               "Source Resource Types": "Donor/Recipient Official Source"}),
        row(**{"AidData Record ID": "900006", "Recipient": "El Salvador", "Recipient ISO-3": "SLV",
               "Commitment Year": "2019", "Title": "Invented grant with a barred source title", "Description": "An invented grant.",
               "Flow Type": "Grant", "Flow Type Simplified": "Grant", "Flow Class": "ODA-like", "Sector Code": "15110",
               "Sector Name": "GOVERNMENT AND CIVIL SOCIETY",
               "Funding Agencies": "China Ministry of Commerce", "Funding Agencies Type": "Government Agency",
               "Direct Receiving Agencies": "Government of El Salvador", "Direct Receiving Agencies Type": "Recipient Government Agency",
               "Amount (Original Currency)": "1500000.0", "Original Currency": "USD", "Amount (Constant USD 2021)": "1600000.0",
               "Amount (Nominal USD)": "1500000.0", "Adjusted Amount (Original Currency)": "1500000.0",
               "Adjusted Amount (Constant USD 2021)": "1600000.0", "Adjusted Amount (Nominal USD)": "1500000.0",
               "Commitment Date (MM/DD/YYYY)": "2019-12-03", "Commitment Date Estimated": "No",
               "Total Source Count": "3", "Official Source Count": "1",
               "Source URLs": "https://example.org/a|https://example.org/b|https://example.org/c",
               "Source Titles": "Embassy news | Twitter|Second title|Third title",
               "Source Publishers": "Twitter||", "Source Resource Types": "Social Media, including Unofficial Blogs|Media Report|Other"}),
    ]

def bench(n):
    rng = random.Random(13)
    base = sample()
    out = []
    for i in range(n):
        r = dict(base[i % len(base)])
        r["AidData Record ID"] = str(100000 + i)
        r["AidData Parent ID"] = ""
        r["Funding Agencies"] = rng.choice(["Export-Import Bank of China (China Eximbank)", "China Development Bank (CDB)", "China Ministry of Commerce"])
        r["Direct Receiving Agencies"] = f"Invented Agency {rng.randrange(3000)}"
        r["Description"] = "An invented project for the benchmark. " * rng.randrange(5, 40)
        k = rng.randrange(1, 20)
        r["Source URLs"] = "|".join(f"https://example.org/{rng.randrange(200000)}" for _ in range(k))
        r["Source Titles"] = "|".join(f"Title {j}" for j in range(k))
        r["Source Publishers"] = "|".join("Example" for _ in range(k))
        r["Source Resource Types"] = "|".join("Media Report" for _ in range(k))
        r["Total Source Count"] = str(k)
        out.append(r)
    return out

def write(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)

if __name__ == "__main__":
    if sys.argv[1] == "sample":
        write(sample(), sys.argv[2])
    else:
        write(bench(int(sys.argv[2])), sys.argv[3])
