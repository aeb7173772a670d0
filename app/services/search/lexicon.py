"""Word lists for Dutch analysis: stop words, place names kept out of the stemmer, and the
domain lexicon the decompounder splits on.

The lexicon holds the words of the provincial opgaven (water, energy, housing, nature,
agriculture, mobility, …) and words frequent in provincial dataset titles, in base form. It is
static on purpose: an index rebuilt from SQL must analyse text exactly as the index kept by the
change feed did, so the lexicon may not depend on what happens to be indexed.
"""

from __future__ import annotations

# Dutch function words (after accent folding). "den" is left out: Den Haag, Den Helder.
STOP_WORDS: frozenset[str] = frozenset(
    """
    aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus
    een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik
    in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om
    omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was
    wat we wel werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou per via
    """.split()
)

# The twelve provinces and municipalities: tokens of their names are folded but never stemmed,
# because Snowball mangles them (gelderland → lderland, groningen → groon, overijssel → overijs).
PLACE_NAMES: tuple[str, ...] = (
    # provinces (and their common short/variant forms)
    "Groningen", "Fryslân", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
    "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Brabant", "Limburg",
    # municipalities and regions
    "Amsterdam", "Rotterdam", "Den Haag", "'s-Gravenhage", "Eindhoven", "Tilburg", "Almere",
    "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaanstad",
    "'s-Hertogenbosch", "Haarlemmermeer", "Zwolle", "Zoetermeer", "Leiden", "Leeuwarden",
    "Maastricht", "Dordrecht", "Ede", "Alphen aan den Rijn", "Alkmaar", "Emmen", "Westland",
    "Delft", "Venlo", "Deventer", "Sittard-Geleen", "Helmond", "Oss", "Amstelveen", "Hilversum",
    "Heerlen", "Súdwest-Fryslân", "Hengelo", "Purmerend", "Roosendaal", "Schiedam", "Lelystad",
    "Vlaardingen", "Almelo", "Gouda", "Hoorn", "Assen", "Veenendaal", "Velsen", "Zeist",
    "Capelle aan den IJssel", "Katwijk", "Nieuwegein", "Roermond", "Doetinchem", "Den Helder",
    "Hoogeveen", "Terneuzen", "Middelburg", "Vlissingen", "Goes", "Kampen", "Harderwijk",
    "Wageningen", "Zutphen", "Tiel", "Culemborg", "Barneveld", "Heerenveen", "Smallingerland",
    "Drachten", "Sneek", "Harlingen", "Stadskanaal", "Veendam", "Delfzijl", "Eemsdelta",
    "Meppel", "Coevorden", "Hardenberg", "Steenwijkerland", "Raalte", "Oldenzaal", "Weert",
    "Kerkrade", "Venray", "Bergen op Zoom", "Waalwijk", "Uden", "Veghel", "Meierijstad", "Dronten",
    "Noordoostpolder", "Urk", "Zeewolde", "Emmeloord", "Texel", "Terschelling", "Ameland",
    "Vlieland", "Schiermonnikoog", "Waddenzee", "Veluwe", "Achterhoek", "Twente", "Salland",
    "Betuwe", "Peel", "Kempen", "IJssel", "IJsselmeer", "Markermeer", "Rijn", "Maas", "Waal",
    "Schelde", "Oosterschelde", "Westerschelde", "Eems", "Dollard", "Walcheren", "Zeeuws-Vlaanderen",
    "Schouwen-Duiveland", "Tholen", "Woerden", "Houten", "Soest", "Baarn", "Bunnik", "Vijfheerenlanden",
    "Leusden", "Rhenen", "Renkum", "Rheden", "Zevenaar", "Lochem", "Berkelland", "Winterswijk",
    "Oost Gelre", "Aalten", "Epe", "Ermelo", "Nunspeet", "Elburg", "Putten", "Nijkerk", "Oldebroek",
    "Hattem", "Heerde", "Voorst", "Brummen", "Montferland", "Duiven", "Westervoort", "Lingewaard",
    "Overbetuwe", "Neder-Betuwe", "Buren", "Maasdriel", "Zaltbommel", "West Betuwe", "Groesbeek",
    "Berg en Dal", "Wijchen", "Beuningen", "Druten", "Heumen", "Twenterand", "Tubbergen",
    "Dinkelland", "Losser", "Haaksbergen", "Borne", "Wierden", "Rijssen-Holten", "Hellendoorn",
    "Ommen", "Dalfsen", "Staphorst", "Zwartewaterland", "Olst-Wijhe", "Westerveld", "Midden-Drenthe",
    "Aa en Hunze", "Tynaarlo", "Noordenveld", "Borger-Odoorn", "De Wolden", "Westerkwartier",
    "Midden-Groningen", "Oldambt", "Pekela", "Westerwolde", "Het Hogeland", "Opsterland",
    "Ooststellingwerf", "Weststellingwerf", "Tytsjerksteradiel", "Achtkarspelen", "Dantumadiel",
    "Noardeast-Fryslân", "Waadhoeke", "De Fryske Marren", "Haarlemmerliede", "Zandvoort",
    "Bloemendaal", "Heemstede", "Beverwijk", "Heemskerk", "Castricum", "Uitgeest", "Schagen",
    "Hollands Kroon", "Medemblik", "Enkhuizen", "Stede Broec", "Drechterland", "Koggenland",
    "Edam-Volendam", "Waterland", "Landsmeer", "Oostzaan", "Wormerland", "Diemen", "Ouder-Amstel",
    "Aalsmeer", "Uithoorn", "Gooise Meren", "Huizen", "Blaricum", "Laren", "Wijdemeren",
    "Weesp", "Lisse", "Hillegom", "Noordwijk", "Teylingen", "Oegstgeest", "Leiderdorp",
    "Zoeterwoude", "Kaag en Braassem", "Nieuwkoop", "Bodegraven-Reeuwijk", "Waddinxveen",
    "Zuidplas", "Krimpenerwaard", "Lansingerland", "Pijnacker-Nootdorp", "Rijswijk", "Wassenaar",
    "Voorschoten", "Leidschendam-Voorburg", "Midden-Delfland", "Maassluis", "Barendrecht",
    "Ridderkerk", "Albrandswaard", "Nissewaard", "Voorne aan Zee", "Goeree-Overflakkee",
    "Hoeksche Waard", "Zwijndrecht", "Papendrecht", "Sliedrecht", "Alblasserdam", "Gorinchem",
    "Molenlanden", "Hendrik-Ido-Ambacht", "Sluis", "Hulst", "Reimerswaal", "Borsele", "Kapelle",
    "Noord-Beveland", "Veere", "Valkenburg", "Gulpen-Wittem", "Vaals", "Meerssen", "Beekdaelen",
    "Brunssum", "Landgraaf", "Simpelveld", "Voerendaal", "Stein", "Echt-Susteren", "Maasgouw",
    "Leudal", "Peel en Maas", "Horst aan de Maas", "Gennep", "Bergen", "Beesel", "Nederweert",
    "Bergeijk", "Veldhoven", "Valkenswaard", "Geldrop-Mierlo", "Nuenen", "Son en Breugel", "Best",
    "Oirschot", "Boxtel", "Vught", "Heusden", "Oisterwijk", "Goirle", "Hilvarenbeek", "Dongen",
    "Oosterhout", "Etten-Leur", "Halderberge", "Moerdijk", "Rucphen", "Zundert", "Woensdrecht",
    "Steenbergen", "Altena", "Geertruidenberg", "Drimmelen", "Maashorst", "Land van Cuijk",
    "Boekel", "Gemert-Bakel", "Laarbeek", "Deurne", "Asten", "Someren", "Cranendonck", "Heeze-Leende",
)

# Domain lexicon in base form: the words compounds in provincial dataset titles are made of.
DOMAIN_WORDS: tuple[str, ...] = tuple(
    """
    water grond stand zout zoet zon wind park weide net stikstof woning bouw locatie natuur
    landbouw land gewas perceel bedrijf terrein energie warmte koude opslag kwaliteit kwantiteit
    peil meet punt meetpunt put bron boor boring bodem lucht geluid geur licht veiligheid risico
    externe weg wegen spoor fiets pad vaar route verkeer vervoer openbaar halte bus trein station
    brug sluis dijk kade oever rivier kanaal sloot meer plas zee kust strand duin bos boom heide
    veen klei zand kaart gebied zone grens plan kader visie beleid regeling verordening vergunning
    subsidie project monument erfgoed archeologie cultuur landschap historie historisch
    biodiversiteit soort flora fauna vogel vis habitat ecologie ecologisch verbinding netwerk
    kavel agrarisch boer vee melk mest emissie depositie uitstoot ammoniak fijnstof co2 klimaat
    adaptatie hitte droogte overstroming wateroverlast regen neerslag verdamping infiltratie
    drink drinkwater oppervlak oppervlakte afval afvalwater riool zuivering transport leiding
    kabel hoogspanning elektriciteit gas waterstof aardgas biomassa geothermie turbine molen
    paneel dak veld laad paal laadpaal mobiliteit auto parkeer parkeren plaats ruimte ruimtelijk
    ordening omgeving wet bestemming woon werk winkel kantoor haven industrie bedrijventerrein
    recreatie toerisme camping jachthaven zwem zwemwater wandel ruiter kwetsbaar waarde object
    gebouw pand adres buurt wijk dorp stad kern gemeente provincie regio rijk inwoner bevolking
    huishouden leeftijd onderwijs school zorg gezondheid sport voorziening jeugd arbeid markt
    economie vestiging inkomen bestand register lijst overzicht monitor index telling meting
    grondwater oppervlaktewater waterkwaliteit waterstand peilbuis stroom stroming debiet afvoer
    onttrekking lozing inrichting beheer onderhoud areaal hectare teelt akker bouwland grasland
    mais aardappel bloembollen fruit kas glas glastuinbouw tuinbouw veehouderij stal dier
    beschermd natura stilte stiltegebied rust zonnepark windpark windturbine zonneweide
    warmtenet stikstofgevoelig kaartlaag luchtfoto hoogte hoogtekaart diepte model scenario
    prognose trend jaar maand dag uur provinciaal nationaal landelijk grens gemeentegrens
    asbest bodemverontreiniging verontreiniging sanering bodemsanering weg wegvak kruispunt
    ongeval ongevallen snelheid intensiteit telpunt fietspad vaarweg wegbeheer natuurnetwerk
    """.split()
)
