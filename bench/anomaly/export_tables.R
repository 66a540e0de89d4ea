# Exports the benchmark's mlbench tables to OUT/<table>.csv: numeric feature columns (factors as their numbers,
# y/n votes as 1/0, missing cells as NA) and a last column "anomaly" (1 = anomaly) by the choices below.
# usage: Rscript bench/anomaly/export_tables.R OUT
suppressMessages(library(mlbench))
out <- commandArgs(TRUE)[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
num <- function(v) if (is.factor(v)) as.numeric(as.character(v)) else as.numeric(v)
put <- function(name, x, anomaly) {
  x <- as.data.frame(lapply(x, num))
  x$anomaly <- as.integer(anomaly)
  write.csv(x, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "NA")
  cat(sprintf("%-20s %6d rows, %2d features, %5d anomalies, %4d missing cells\n", name, nrow(x), ncol(x) - 1,
              sum(x$anomaly), sum(is.na(x))))
}
data(Ionosphere); d <- Ionosphere
put("ionosphere", d[, setdiff(1:34, 2)], d$Class == "bad")                 # V2 is 0 in every row
data(Glass); d <- Glass
put("glass", d[, 1:9], d$Type == "6")                                       # tableware (ODDS 'glass')
data(PimaIndiansDiabetes2); d <- PimaIndiansDiabetes2
put("pima", d[, 1:8], d$diabetes == "pos")                                  # impossible zeros are NA here
data(Shuttle); d <- Shuttle[Shuttle$Class != "High", ]
put("shuttle", d[, 1:9], d$Class != "Rad.Flow")                             # ODDS 'shuttle': class High left out
data(Vowel); d <- Vowel
put("vowel", d[, 2:10], d$Class == "hid")                                   # V1 names the speaker's set; one vowel rare
data(LetterRecognition); d <- LetterRecognition
put("letter", d[, 2:17], d$lettr == "A")                                    # one letter rare
data(BreastCancer); d <- BreastCancer
put("breastw", d[, 2:10], d$Class == "malignant")                           # ODDS 'breastw'; Id dropped
data(HouseVotes84); d <- HouseVotes84
votes <- as.data.frame(lapply(d[, 2:17], function(v) ifelse(is.na(v), NA, ifelse(v == "y", 1, 0))))
put("housevotes", votes, d$Class == "republican")
