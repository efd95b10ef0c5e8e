"""Words and phrases that are proper nouns wherever they stand in an English title.

A Title Case title capitalises every word, so its capitals cannot tell ``Brazil`` from ``Pruning``; these
lists can. They hold only names that stay capitalised in sentence case: countries, regions, seas and
rivers, peoples and languages, and the people behind scientific and medical terms (``Bayesian``,
``Alzheimer``). Words that are also ordinary English words in titles (``Young``, ``Hall``, ``Student``,
``Windows``) are left out. Phrases hold names whose words are ordinary on their own (``West Africa``).
"""
from __future__ import annotations

PROPER_NOUNS = frozenset("""
Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain
Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Herzegovina Botswana Brazil Brunei
Bulgaria Burundi Cambodia Cameroon Canada Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia
Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia
Germany Ghana Greece Grenada Guatemala Guyana Haiti Honduras Hungary Iceland India Indonesia Iran Iraq
Ireland Israel Italy Jamaica Japan Kazakhstan Kenya Kiribati Korea Kosovo Kuwait Kyrgyzstan Laos Latvia
Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives Malta
Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Namibia
Nauru Nepal Netherlands Nicaragua Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru
Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia
Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo
Tonga Tunisia Türkiye Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen
Zambia Zimbabwe England Scotland Wales Britain Greenland Tibet Hawaii Alaska California Texas Florida
Ontario Quebec Bavaria Catalonia Sicily Sardinia Siberia Patagonia Borneo Sumatra Tasmania Kashmir Punjab
Bengal Xinjiang Sichuan Guangdong Yunnan Okinawa Hokkaido Crimea Anatolia Mesopotamia Arabia Iberia
Scandinavia Balkans Caucasus Amazonia Appalachia Andalusia Lombardy Tuscany Flanders Wallonia
London Paris Berlin Madrid Rome Vienna Geneva Zurich Amsterdam Stockholm Oslo Copenhagen Helsinki Moscow
Beijing Shanghai Wuhan Tokyo Osaka Seoul Delhi Mumbai Kolkata Bangalore Karachi Dhaka Jakarta Manila
Bangkok Hanoi Sydney Melbourne Toronto Montreal Vancouver Chicago Boston Seattle Lagos Nairobi Cairo
Istanbul Tehran Baghdad Jerusalem Johannesburg Lima Bogota Santiago Caracas
Africa Antarctica Asia Europe America Americas Oceania Eurasia Arctic Antarctic Atlantic Pacific
Mediterranean Caribbean Baltic Sahara Sahel Himalaya Himalayas Alps Andes Amazon Nile Yangtze Mekong
Danube Rhine Ganges Indus Congo Niger Zambezi Mississippi Thames Volga
African American Asian European Arab Arabic Australian Austrian Belgian Brazilian British Canadian Chilean
Chinese Colombian Cuban Czech Danish Dutch Egyptian English Ethiopian Filipino Finnish French German
Ghanaian Greek Hispanic Hungarian Indian Indonesian Iranian Iraqi Irish Israeli Italian Japanese Kenyan
Korean Latin Latino Malaysian Mexican Mongolian Moroccan Nepali Nigerian Nordic Norwegian Pakistani Persian
Peruvian Polish Portuguese Romanian Russian Saudi Scandinavian Scottish Serbian Spanish Swedish Swiss
Syrian Taiwanese Thai Tibetan Turkish Ugandan Ukrainian Vietnamese Welsh Hebrew Hindi Bengali Urdu Swahili
Yoruba Igbo Hausa Tamil Cantonese Mandarin Sanskrit Catalan Basque Galician Flemish Icelandic Estonian
Latvian Lithuanian Slovak Slovenian Croatian Bulgarian Andean Amazonian Saharan Balkan Siberian Himalayan
Eurasian Jewish Muslim Christian Catholic Protestant Buddhist Hindu Islamic Confucian Aboriginal Maori Inuit
Bantu Creole Anglo Medicare Medicaid
Bayes Bayesian Gauss Gaussian Markov Markovian Poisson Bernoulli Dirichlet Wishart Laplace Laplacian
Fourier Hilbert Banach Euclid Euclidean Riemann Riemannian Newton Newtonian Euler Eulerian Lagrange
Lagrangian Hamilton Hamiltonian Hermite Hermitian Jacobi Jacobian Hessian Kalman Wiener Lipschitz Sobolev
Lyapunov Kolmogorov Wasserstein Gibbs Boltzmann Maxwell Schrödinger Heisenberg Planck Einstein Dirac Fermi
Bose Higgs Feynman Navier Stokes Reynolds Darcy Brownian Langevin Nash Pareto Turing Boolean Cartesian
Darwin Darwinian Mendel Mendelian Hebbian Pavlovian Freud Freudian Piaget Vygotsky Kantian Hegelian
Marxist Keynesian Weibull Kaplan Meier Pearson Spearman Fisher Wilcoxon Kruskal Tukey Bonferroni Likert
Cronbach Mann Whitney Wallis Lennard Alzheimer Parkinson Huntington Crohn Hashimoto Cushing Addison Kawasaki
Guillain Barré Sjögren
Tourette Asperger Kaposi Hodgkin Burkitt Wilms Ewing Lyme Ebola Zika Marburg Lassa Epstein Gram Wernicke
Korsakoff Broca Purkinje Schwann Golgi Krebs Michaelis Menten Weinberg Doppler Raman Fresnel Bragg Mie
Rayleigh Kelvin Coulomb Faraday Joule Hooke Debye Hückel Arrhenius Avogadro Mössbauer Zeeman Kerr Casimir
Weyl Majorana Ising Potts Kondo Hartree Fock Kohn Møller Plesset Oppenheimer Franck Condon Förster Eyring
Python Linux Android Wikipedia Twitter Facebook Google Reddit Instagram Bitcoin Ethereum
""".split())

PROPER_PHRASES: tuple[str, ...] = (
    "South Africa", "West Africa", "East Africa", "North Africa", "Central Africa", "Southern Africa",
    "North America", "South America", "Latin America", "Central America", "Middle East", "Southeast Asia",
    "South Asia", "East Asia", "Central Asia", "New Zealand", "United States", "United Kingdom", "United Nations",
    "European Union", "Hong Kong", "Sri Lanka", "Saudi Arabia", "Costa Rica", "Puerto Rico", "El Salvador",
    "South Korea", "North Korea", "South Sudan", "New York", "Los Angeles", "San Francisco", "New Guinea",
    "Burkina Faso", "Sierra Leone", "Ivory Coast", "Cape Verde", "Czech Republic", "Dominican Republic",
    "Monte Carlo", "Great Britain", "Northern Ireland", "World Health Organization", "World War", "Cold War",
    "Great Lakes", "Gulf Stream", "Yellow River", "Pearl River", "Red Sea", "Dead Sea", "Black Sea",
    "North Sea", "South China Sea", "Indian Ocean", "Southern Ocean", "Arctic Ocean", "Tibetan Plateau",
)
# The phrases by their first word, longest first, to look them up word by word.
PHRASES_BY_FIRST_WORD: dict[str, tuple[str, ...]] = {
    first: tuple(sorted((phrase for phrase in PROPER_PHRASES if phrase.split()[0] == first), key=len, reverse=True))
    for first in {phrase.split()[0] for phrase in PROPER_PHRASES}
}


def is_proper_noun(word: str) -> bool:
    """``Brazil``, ``Gaussian``, ``Alzheimer's``, ``Sub-Saharan``: a listed name, possessive or in a compound."""
    base = word.split("'")[0].split("’")[0]
    return base in PROPER_NOUNS or any(part in PROPER_NOUNS for part in base.split("-"))
