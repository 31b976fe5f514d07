# SPDX-License-Identifier: MIT
# Growth curves for bench/RESULTS.md. Called by bench/bench.py:
#   gnuplot -e "trainfile='...'; clsfile='...'; outfile='...'; term='svg ...'" bench/growth.gp
# trainfile columns: scale, then (train s, train RSS MB, train CPU s) for healthtopics, scikit-learn, fastText
# clsfile columns:   bytes per text, then MB/s (net of model load) for healthtopics, scikit-learn, fastText
eval "set terminal ".term
set output outfile
set datafile missing "NaN"
set multiplot layout 1,3 title "healthtopics benchmark: growth (MedQuAD)"
set key top left
set grid
set style data linespoints
set xtics ("1x" 1, "2x" 2, "4x" 4)
set xrange [0.8:4.2]

set title "training time (solid: wall, dashed: CPU)"
set xlabel "training set (x MedQuAD train)"
set ylabel "s"
set yrange [0:*]
set offsets 0, 0, graph 0.3, 0
plot trainfile u 1:2 t "healthtopics" lw 2 pt 7 lc 1, \
     trainfile u 1:5 t "scikit-learn" lw 2 pt 5 lc 2, \
     trainfile u 1:8 t "fastText" lw 2 pt 9 lc 3, \
     trainfile u 1:4 notitle lw 1 dt 2 pt 6 lc 1, \
     trainfile u 1:7 notitle lw 1 dt 2 pt 4 lc 2, \
     trainfile u 1:10 notitle lw 1 dt 2 pt 8 lc 3

set title "training peak RSS"
set ylabel "MB"
set key bottom right
set offsets 0, 0, graph 0.1, 0
plot trainfile u 1:3 t "healthtopics" lw 2 pt 7 lc 1, \
     trainfile u 1:6 t "scikit-learn" lw 2 pt 5 lc 2, \
     trainfile u 1:9 t "fastText" lw 2 pt 9 lc 3

set key top left
set title "classification throughput by text size"
set xlabel "bytes per text"
set ylabel "MB/s (net of model load)"
set logscale x
set xrange [50:2000000]
set xtics autofreq
set format x "10^{%L}"
set yrange [0:*]
set offsets 0, 0, graph 0.35, 0
plot clsfile u 1:2 t "healthtopics" lw 2 pt 7 lc 1, \
     clsfile u 1:3 t "scikit-learn" lw 2 pt 5 lc 2, \
     clsfile u 1:4 t "fastText" lw 2 pt 9 lc 3
unset multiplot
