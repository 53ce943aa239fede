"""Shortest exact golf; notes in README.md."""
from math import*;from random import*
seed(42);X=[*filter(None,map(str.strip,open('input.txt')))];shuffle(X);print('num docs:',len(X))
B=len(u:=sorted({*''.join(X)}));print('vocab size:',C:=B+1)
J=lambda s,o:V(s.d+o.d,(s,1),(o,1));M=lambda s,o:V(s.d*o.d,(s,o.d),(o,s.d))
class V:
 g=m=v=0;__add__=J;__mul__=M
 def __init__(s,d,*c):s.d=d;s.c=c
def Y(s):
 T={};b=lambda v:v in T or T.update({v:[*map(b,dict(v.c))]});b(s);s.g=1
 for v in reversed(T):
  for c,l in v.c:c.g+=l*v.g
E,P,H,Q,K,U,O,F,G=W=[[[V(gauss(0,.08))for _ in[0]*c]for _ in[0]*r]for r,c in zip((C,16,C,*[16]*4,64,16),[16]*8+[64])]
print('num params:',len(Z:=sum(sum(W,[]),[])));z=V(0)
D=lambda x,y:sum(map(M,x,y),z);L=lambda x,w:[D(r,x)for r in w]
def N(x):s=D(x,x)*V(.0625)+V(1e-5);s=V(s.d**-.5,(s,-.5*s.d**-1.5));return[a*s for a in x]
def S(x):m=max(a.d for a in x);t=sum(e:=[V(y:=exp(a.d-m),(a,y))for a in x],z);return[a*V(t.d**-1,(t,-t.d**-2))for a in e]
def g(t,k):x=N(r:=N([*map(J,E[t],P[len(k)])]));k+=L(x,U+K),;q=L(x,Q);x=[*map(J,L([D(a,c)for h in(0,4,8,12)for a in[S([D(q[h:h+4],c[h+16:])*V(.5)for c in k])]for c in[*zip(*k)][h:h+4]],O),r)];return L([*map(J,L([y*V(y.d>0)for y in L(N(x),F)],G),x)],H)
I=1000
for i in range(I):
 t=[B,*map(u.index,X[i%len(X)]),B];n=len(t[1:17]);k=[];l=sum((V(-log((p:=S(g(t[j],k))[t[j+1]]).d),(p,-1/p.d))for j in range(n)),z)*V(1/n);Y(l);print(end="step %4d / %4d | loss %.4f\r"%(-~i,I,l.d))
 for p in Z:p.m=.85*p.m+(1-.85)*p.g;p.v=.99*p.v+(1-.99)*p.g**2;p.d-=.01*(1-i/I)*(p.m/(1-.85**-~i))/((p.v/(1-.99**-~i))**.5+1e-8);p.g=0
print("\n--- inference (new, hallucinated names) ---")
for i in range(20):
 k,t,s=[],B,''
 while 16>len(s)and(t:=choices(range(C),[p.d for p in S([l*V(2)for l in g(t,k)])])[0])<B:s+=u[t]
 print("sample %2d:"%-~i,s)
